import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(0)
# A chain of 5 states. "Left" in state 0 pays +1 and stays there; "right" in the
# last state pays +5 and stays there. Episodes of 20 steps start in state 0.
L, EP_LEN, EPISODES, S = 5, 20, 200, 40  # 40 runs = 4 experiments of 10 seeds
GAMMA, ALPHA, EPS = 0.9, 0.5, 0.3  # Q-learning, epsilon-greedy
T = EP_LEN * EPISODES
explore = torch.tensor(rng.random((T, S)) < EPS)  # the same stream as TensorFlow
rand_a = torch.tensor(rng.integers(2, size=(T, S)))
noise = torch.tensor(rng.random((T, S, 2)) * 1e-9)  # breaks ties between actions
boot = torch.tensor(rng.integers(10, size=(10_000, 10)))  # bootstrap resamples

Q = torch.zeros((S, L, 2), dtype=torch.float64)
rows = torch.arange(S)
returns = torch.zeros((EPISODES, S), dtype=torch.float64)
s = torch.zeros(S, dtype=torch.int64)
for t in range(T):
    if t % EP_LEN == 0:
        s = torch.zeros_like(s)  # a new episode
    a = torch.where(explore[t], rand_a[t], (Q[rows, s] + noise[t]).argmax(1))
    s2 = (s + 2 * a - 1).clamp(0, L - 1)
    r = 1.0 * ((s == 0) & (a == 0)) + 5.0 * ((s == L - 1) & (a == 1))
    q_sa = Q[rows, s, a]
    Q[rows, s, a] = q_sa + ALPHA * (r + GAMMA * Q[rows, s2].max(1).values - q_sa)
    returns[t // EP_LEN] += r
    s = s2

score = returns[-20:].mean(0).reshape(4, 10)  # mean return of the last 20 episodes


def summary(x):
    srt = x.sort().values
    boot_means = x[boot].mean(1).numpy()
    return {
        "mean": x.mean().item(),
        "std": x.std().item(),  # sample standard deviation (n - 1)
        "median": srt[4:6].mean().item(),
        "IQM": srt[2:8].mean().item(),  # mean of the middle 6 of 10 runs
        "min": srt[0].item(),
        "max": srt[-1].item(),
        "ci": np.quantile(boot_means, [0.025, 0.975]),  # 95% percentile bootstrap
    }


first = summary(score[0])
print("run           " + " ".join(f"{i:5d}" for i in range(10)))
print("last-20 mean  " + " ".join(f"{v:5.1f}" for v in score[0].tolist()))
print(
    ", ".join(
        f"{k} {first[k]:.1f}" for k in ["mean", "std", "median", "IQM", "min", "max"]
    )
)
print(f"95% bootstrap CI of the mean: [{first['ci'][0]:.1f}, {first['ci'][1]:.1f}]")
print("the same experiment, four times with 10 new runs each:")
result = {}
for g in range(4):
    m = summary(score[g])
    solved = int((score[g] > 40).sum())
    result[f"group{g}"] = np.array([m["mean"], m["IQM"], *m["ci"]])
    print(
        f"  runs {10 * g:2d}-{10 * g + 9:2d}: mean {m['mean']:4.1f}  IQM {m['IQM']:4.1f}  "
        f"CI [{m['ci'][0]:4.1f}, {m['ci'][1]:4.1f}]  runs that found the +5: {solved}/10"
    )
solved = (score > 40).sum(1)
assert score.min() < 20 and score.max() > 50, "runs end near 15 or above 50"
assert solved.max() - solved.min() >= 4, "experiments of 10 seeds disagree by 4+ runs"
means = [result[f"group{g}"][0] for g in range(4)]
assert max(means) - min(means) > 15, "their means differ by more than 15"
