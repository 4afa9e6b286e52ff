import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
K, T, S, EPS = 10, 3000, 8, 0.1  # items, rounds, seeds run side by side, epsilon
p = np.array(
    [0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.25]
)  # click rates
U = rng.random((T, S, K))  # the user's click draws, shared by all policies
coin = rng.random((T, S))  # epsilon-greedy: explore if coin < EPS
rand_arm = rng.integers(K, size=(T, S))  # a random item (uniform, exploration)
names = ["uniform", "eps-greedy", "UCB1", "Thompson"]
# The counters stay in NumPy: 3,000 eager TensorFlow steps would take ~30 s.
n = np.zeros((4, S, K))  # times each item was shown
w = np.zeros((4, S, K))  # clicks it got
seeds = np.arange(S)
regret = np.zeros((4, S))
for t in range(T):
    mean = w / np.maximum(n, 1)
    ucb = mean[2] + np.sqrt(2 * np.log(t + 1) / np.maximum(n[2], 1))
    beta = rng.beta(1 + w[3], 1 + n[3] - w[3])
    ra = rand_arm[t]
    arm = np.stack(
        [
            ra,
            np.where(coin[t] < EPS, ra, mean[1].argmax(1)),
            ucb.argmax(1),
            beta.argmax(1),  # one posterior draw per item, show the best draw
        ]
    )
    if t < K:  # the three learners show every item once first
        arm[1:] = t
    click = U[t][seeds, arm] < p[arm]  # shape (4, S)
    for i in range(4):
        n[i, seeds, arm[i]] += 1
        w[i, seeds, arm[i]] += click[i]
    regret += p.max() - p[arm]  # expected clicks lost this round

result = tf.constant(regret).numpy()
for name, r in zip(names, result):
    print(
        f"{name:10s} regret after {T} rounds: {r.mean():6.1f} (seeds {r.min():.0f}-{r.max():.0f})"
    )
avg = result.mean(1)
assert avg[3] < avg[1] < avg[2] < avg[0], "Thompson < eps-greedy < UCB1 < uniform"
assert avg[0] > 1.4 * avg[2] and avg[1] > 1.3 * avg[3], "with margin"
