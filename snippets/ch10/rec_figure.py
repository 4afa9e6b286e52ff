import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

# The synthetic logs of 10.1: 24 series of 5 episodes, item s*5+e.
U, S, E, D = 600, 24, 5, 4
I = S * E
series_vec, series_pop = rng.normal(size=(S, D)), rng.normal(size=S)
user_vec = rng.normal(size=(U, D))


def history(u):  # a time-ordered list of items, each seen once
    logit = 1.5 * user_vec[u] @ series_vec.T + series_pop  # softmax choice model
    done, hist, cur = np.zeros(S, int), [], -1
    for _ in range(rng.integers(8, 21)):
        if cur < 0 or done[cur] == E or rng.random() > 0.7:  # pick a new series
            p = np.where(done < E, np.exp(logit - logit.max()), 0.0)
            cur = rng.choice(S, p=p / p.sum())
        hist.append(cur * E + done[cur])  # the next unseen episode
        done[cur] += 1
    return hist


logs = [history(u) for u in range(U)]
steps = sum(len(h) - 1 for h in logs)
same = sum((b == a + 1) for h in logs for a, b in zip(h, h[1:]))
print(
    f"{sum(map(len, logs))} interactions, {same / steps:.2f} of steps go to the next episode"
)
assert 0.5 < same / steps < 0.8, "most steps continue a series"

R = 12  # show the first 12 users
fig, ax = plt.subplots(figsize=(9, 4), facecolor="white")
cmap = plt.get_cmap("tab20")
for u in range(R):
    for t, item in enumerate(logs[u]):
        last = t == len(logs[u]) - 1
        ax.add_patch(
            plt.Rectangle(
                (t, u),
                0.95,
                0.9,
                color=cmap(item // E % 20),
                ec="black" if last else "none",
                lw=2,
            )
        )
        ax.text(
            t + 0.47, u + 0.45, str(item % E + 1), ha="center", va="center", fontsize=7
        )
ax.set(
    xlim=(0, 20),
    ylim=(R, 0),
    xlabel="time step in the user's history",
    ylabel="user",
    title="Colour: series; number: episode; black frame: held-out test item",
)
fig.tight_layout()
plt.show()
