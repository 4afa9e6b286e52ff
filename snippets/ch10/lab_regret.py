import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(1)
K, T, S = 10, 3000, 20  # items, rounds, seeds
p = np.array([0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.25])
eps_values = [0.01, 0.05, 0.1, 0.2]
names = [f"eps={e}" for e in eps_values] + ["UCB1", "Thompson"]
P = len(names)
n, w = np.zeros((P, S, K)), np.zeros((P, S, K))
curve = np.zeros((T, P, S))  # cumulative expected regret
total = np.zeros((P, S))
rows, seeds = np.arange(P)[:, None], np.arange(S)[None, :]
for t in range(T):
    u = rng.random((S, K))  # one user's click draws, shared by all policies
    mean = w / np.maximum(n, 1)
    arm = mean.argmax(2)
    explore = rng.random((len(eps_values), S)) < np.array(eps_values)[:, None]
    arm[:4] = np.where(explore, rng.integers(K, size=(4, S)), arm[:4])
    arm[4] = (mean[4] + np.sqrt(2 * np.log(t + 1) / np.maximum(n[4], 1))).argmax(1)
    arm[5] = rng.beta(1 + w[5], 1 + n[5] - w[5]).argmax(1)
    if t < K:
        arm[:] = t  # show every item once
    click = u[np.arange(S)[None, :], arm] < p[arm]
    n[rows, seeds, arm] += 1
    w[rows, seeds, arm] += click
    total += p.max() - p[arm]
    curve[t] = total

final = curve[-1].mean(1)
late = final - curve[1999].mean(1)  # regret added in the last 1,000 rounds
for name, r, g in zip(names, final, late):
    print(f"{name:9s} regret after {T} rounds: {r:4.0f}, of which last 1000: {g:3.0f}")

fig, ax = plt.subplots(figsize=(7, 4), facecolor="white")
for i, name in enumerate(names):
    ax.plot(
        np.arange(1, T + 1), curve[:, i].mean(1), label=name, ls="--" if i < 4 else "-"
    )
ax.plot([1, T], [0, T * np.mean(p.max() - p)], ":", color="grey", label="uniform")
ax.set(xlabel="round t", ylabel="cumulative regret (mean of 20 seeds)", ylim=(0, 400))
ax.legend(ncol=2)
fig.tight_layout()
plt.show()

best, grow = dict(zip(names, final)), dict(zip(names, late))
assert sorted(best, key=best.get)[:2] == ["eps=0.1", "Thompson"], "the two lowest"
assert min(grow, key=grow.get) == "Thompson", (
    "Thompson's regret grows slowest at the end"
)
assert grow["eps=0.1"] > 1.5 * grow["Thompson"], "eps-greedy keeps paying for exploring"
assert best["eps=0.2"] > best["eps=0.1"], "too much exploration costs regret"
assert best["eps=0.01"] > best["eps=0.1"], "and so does too little"
assert best["UCB1"] > best["Thompson"] * 2, "UCB1 explores far more than Thompson"
