import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
# The cliff-walking runs of cliff_tf.py / cliff_torch.py, in NumPy.
START, GOAL = 36, 47  # 4 x 12 grid, state = row * 12 + col
nxt, rew = np.zeros((48, 4), int), np.full((48, 4), -1.0)
for s in range(48):
    for a, (dr, dc) in enumerate([(-1, 0), (0, 1), (1, 0), (0, -1)]):
        r, c = min(max(s // 12 + dr, 0), 3), min(max(s % 12 + dc, 0), 11)
        cliff = r == 3 and 1 <= c <= 10  # stepping into the cliff: -100, back to start
        nxt[s, a], rew[s, a] = (START, -100.0) if cliff else (r * 12 + c, -1.0)
SEEDS, EPISODES, T, EPS, ALPHA = 10, 500, 25000, 0.1, 0.1
coin = rng.random((T, SEEDS))  # explore if coin < EPS
rand_a = rng.integers(4, size=(T, SEEDS))  # the random action when exploring
ar = np.arange(SEEDS)


def train(sarsa):  # returns the (SEEDS, EPISODES) online returns
    Q = np.zeros((SEEDS, 48, 4))
    s, episode = np.full(SEEDS, START), np.zeros(SEEDS, int)
    G, returns = np.zeros(SEEDS), np.zeros((SEEDS, EPISODES))

    def act(s, t):  # epsilon-greedy; np.argmax breaks ties to the first action
        return np.where(coin[t] < EPS, rand_a[t], Q[ar, s].argmax(1))

    a = act(s, 0)
    for t in range(1, T):
        live = episode < EPISODES
        if not live.any():
            return returns
        s2, r = nxt[s, a], rew[s, a]
        done = s2 == GOAL
        a2 = act(s2, t)
        q2 = Q[ar, s2, a2] if sarsa else Q[ar, s2].max(1)
        target = r + np.where(done, 0.0, q2)
        Q[ar, s, a] += np.where(live, ALPHA * (target - Q[ar, s, a]), 0.0)
        G += r
        k = np.minimum(episode, EPISODES - 1)
        returns[ar, k] = np.where(live & done, G, returns[ar, k])
        episode += live & done
        G = np.where(done, 0.0, G)
        s = np.where(done, START, s2)
        a = np.where(done, act(np.full(SEEDS, START), t), a2)
    raise RuntimeError("T is too small")


fig, ax = plt.subplots(figsize=(8, 4), facecolor="white")
last = {}
for name, sarsa, color in [
    ("Q-learning", False, "#d62728"),
    ("SARSA", True, "#1f77b4"),
]:
    curve = train(sarsa).mean(0)  # mean over the seeds, per episode
    last[name] = curve[-100:].mean()
    smooth = np.convolve(curve, np.ones(10) / 10, mode="valid")  # 10-episode mean
    ax.plot(np.arange(10, EPISODES + 1), smooth, color=color, label=name)
    print(f"{name}: mean online return, last 100 episodes: {last[name]:.1f}")
ax.axhline(-13, color="#888888", linestyle="--", linewidth=1)
ax.text(EPISODES, -12, "optimal path: -13", ha="right", va="bottom", fontsize=8)
ax.set(
    xlabel="episode",
    ylabel="return per episode (mean of 10 seeds)",
    ylim=(-100, 0),
    title="Cliff walking, epsilon = 0.1: online return while learning",
)
ax.legend(loc="lower right")
fig.tight_layout()
assert last["SARSA"] > last["Q-learning"] + 15, "SARSA earns more online"
plt.show()
