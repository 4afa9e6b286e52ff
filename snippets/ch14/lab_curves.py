import matplotlib.pyplot as plt
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
SEEDS, UPDATES, N, GAMMA = 5, 60, 8, 0.99  # 5 runs, 60 updates of 8 episodes each


def cartpole_step(s, a):  # CartPole-v1 dynamics (Barto, Sutton & Anderson 1983)
    x, v, th, w = s.T
    f = np.where(a == 1, 10.0, -10.0)
    cos, sin = np.cos(th), np.sin(th)
    tmp = (f + 0.05 * w**2 * sin) / 1.1
    wacc = (9.8 * sin - cos * tmp) / (0.5 * (4 / 3 - 0.1 * cos**2 / 1.1))
    xacc = tmp - 0.05 * wacc * cos / 1.1
    s = np.stack([x + 0.02 * v, v + 0.02 * xacc, th + 0.02 * w, w + 0.02 * wacc], 1)
    done = (np.abs(s[:, 0]) > 2.4) | (np.abs(s[:, 2]) > 12 * 2 * np.pi / 360)
    return s, done


def episodes(policy, rng):  # N episodes side by side, at most 500 steps each
    s, alive = rng.uniform(-0.05, 0.05, (N, 4)), np.ones(N, bool)
    states, actions, masks = [], [], []
    for _ in range(500):
        with torch.no_grad():
            p_right = torch.softmax(policy(torch.tensor(s)), 1)[:, 1].numpy()
        a = rng.random(N) < p_right
        states.append(s), actions.append(a), masks.append(alive.copy())
        s, done = cartpole_step(s, a)
        alive &= ~done  # reward 1 for every step, the last one included
        if not alive.any():
            break
    return np.array(states), np.array(actions), np.array(masks)


def train(seed):  # REINFORCE with a learned baseline, as in 14.3
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = lambda out: torch.nn.Sequential(  # noqa: E731
        torch.nn.Linear(4, 32), torch.nn.Tanh(), torch.nn.Linear(32, out)
    )
    policy, value = net(2), net(1)
    opt = torch.optim.Adam([*policy.parameters(), *value.parameters()], lr=0.01)
    curve = []
    for _ in range(UPDATES):
        S, A, M = episodes(policy, rng)
        curve.append(M.sum(0).mean())  # mean return of the 8 episodes
        G, g = np.zeros(M.shape), np.zeros(N)
        for t in reversed(range(len(M))):  # reward-to-go, 0 after the end
            g = M[t] * (1 + GAMMA * g)
            G[t] = g
        s, ret = torch.tensor(S[M]), torch.tensor(G[M]) / 100
        b = value(s)[:, 0]
        logp = torch.log_softmax(policy(s), 1)[
            torch.arange(len(s)), torch.tensor(A[M]).long()
        ]
        loss = -(logp * (ret - b).detach()).sum() / N + ((ret - b) ** 2).mean()
        opt.zero_grad(), loss.backward(), opt.step()
    return np.array(curve)


curves = np.array([train(seed) for seed in range(SEEDS)])  # (seeds, updates)
rng = np.random.default_rng(0)
boot = curves[rng.integers(SEEDS, size=(2000, SEEDS))].mean(1)  # resample the seeds
low, high = np.quantile(boot, [0.025, 0.975], axis=0)
mean = curves.mean(0)

x = np.arange(1, UPDATES + 1) * N  # episodes played so far
fig, ax = plt.subplots(figsize=(7, 4))
for seed, c in enumerate(curves):
    ax.plot(x, c, lw=0.8, alpha=0.6, label=f"seed {seed}")
ax.fill_between(
    x, low, high, color="k", alpha=0.15, label="95% bootstrap band of the mean"
)
ax.plot(x, mean, "k", lw=2, label="mean of 5 seeds")
ax.set_xlabel("episodes")
ax.set_ylabel("return (mean of 8 episodes)")
ax.set_ylim(0, 510)
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()

first, last = curves[:, :5].mean(1), curves[:, -5:].mean(1)  # per seed
print("seed:                 " + " ".join(f"{s:5d}" for s in range(SEEDS)))
print("first 5 updates:      " + " ".join(f"{v:5.0f}" for v in first))
print("last 5 updates:       " + " ".join(f"{v:5.0f}" for v in last))
print(
    f"last 5 updates, mean over seeds: {last.mean():.0f} (band {low[-5:].mean():.0f}-{high[-5:].mean():.0f})"
)
spread = (curves.max(0) - curves.min(0)).max()
print(f"largest gap between the best and the worst seed at one update: {spread:.0f}")
assert (last > 3 * first).all(), "every seed's return at least triples"
assert last.mean() > 150, "the mean over seeds ends above 150"
assert spread > 150, "at some update two seeds differ by more than 150"
plt.show()
