import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
K, T, S, EPS = 10, 3000, 8, 0.1  # items, rounds, seeds run side by side, epsilon
p = np.array(
    [0.04, 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.25]
)  # click rates
U = rng.random((T, S, K))  # the user's click draws, shared by all policies
coin = rng.random((T, S))  # epsilon-greedy: explore if coin < EPS
rand_arm = rng.integers(K, size=(T, S))  # a random item (uniform, exploration)
names = ["uniform", "eps-greedy", "UCB1", "Thompson"]
n = torch.zeros(4, S, K)  # times each item was shown
w = torch.zeros(4, S, K)  # clicks it got
pt, seeds = torch.tensor(p), torch.arange(S)
regret = torch.zeros(4, S)
for t in range(T):
    mean = w / n.clamp(min=1)
    ucb = mean[2] + torch.sqrt(2 * np.log(t + 1) / n[2].clamp(min=1))
    beta = torch.tensor(rng.beta(1 + w[3].numpy(), 1 + (n[3] - w[3]).numpy()))
    ra = torch.tensor(rand_arm[t])
    greedy = mean[1].argmax(1)
    arm = torch.stack(
        [
            ra,
            torch.where(torch.tensor(coin[t] < EPS), ra, greedy),
            ucb.argmax(1),
            beta.argmax(1),  # one posterior draw per item, show the best draw
        ]
    )
    if t < K:  # the three learners show every item once first
        arm[1:] = t
    click = torch.tensor(U[t])[seeds, arm] < pt[arm]  # shape (4, S)
    n += torch.nn.functional.one_hot(arm, K)
    w += torch.nn.functional.one_hot(arm, K) * click[..., None]
    regret += pt.max() - pt[arm]  # expected clicks lost this round

result = regret.numpy()
for name, r in zip(names, result):
    print(
        f"{name:10s} regret after {T} rounds: {r.mean():6.1f} (seeds {r.min():.0f}-{r.max():.0f})"
    )
avg = result.mean(1)
assert avg[3] < avg[1] < avg[2] < avg[0], "Thompson < eps-greedy < UCB1 < uniform"
assert avg[0] > 1.4 * avg[2] and avg[1] > 1.3 * avg[3], "with margin"
