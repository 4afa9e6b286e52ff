import numpy as np
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # a tiny network: one thread is fastest
rng = np.random.default_rng(0)


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


def run(policy, n, rng, greedy=False):  # n episodes side by side, at most 500 steps
    s = rng.uniform(-0.05, 0.05, (n, 4))
    alive = np.ones(n, bool)
    states, actions, masks = [], [], []
    for _ in range(500):
        with torch.no_grad():
            p = torch.softmax(policy(torch.tensor(s)), 1)[:, 1].numpy()
        a = (p > 0.5) if greedy else (rng.random(n) < p)  # 1 = push right
        states.append(s), actions.append(a), masks.append(alive.copy())
        s, done = cartpole_step(s, a)
        alive &= ~done  # reward 1 for every step taken, the last one included
        if not alive.any():
            break
    return np.array(states), np.array(actions), np.array(masks)


def mlp(out):
    return torch.nn.Sequential(
        torch.nn.Linear(4, 32), torch.nn.Tanh(), torch.nn.Linear(32, out)
    )


policy, value = mlp(2), mlp(1)
opt_pi = torch.optim.Adam(policy.parameters(), lr=0.02)
opt_v = torch.optim.Adam(value.parameters(), lr=0.02)
GAMMA, N, UPDATES = 0.99, 8, 40
lengths = []
for _ in range(UPDATES):
    S, A, M = run(policy, N, rng)
    lengths += list(M.sum(0))
    G = np.zeros_like(M, dtype=float)  # reward-to-go G_t, zero after the end
    g = np.zeros(N)
    for t in reversed(range(len(M))):
        g = M[t] * (1 + GAMMA * g)
        G[t] = g
    s, m = torch.tensor(S[M]), torch.tensor(G[M]) / 100  # returns scaled to ~1
    b = value(s)[:, 0]
    adv = (m - b).detach()  # G_t - V(s_t): the baseline is subtracted
    logp = torch.log_softmax(policy(s), 1)[
        torch.arange(len(s)), torch.tensor(A[M]).long()
    ]
    loss_pi = -(logp * adv).sum() / N  # REINFORCE: -sum_t log pi(a_t|s_t) (G_t - b)
    opt_pi.zero_grad(), loss_pi.backward(), opt_pi.step()
    loss_v = ((m - b) ** 2).mean()  # the baseline regresses on the return
    opt_v.zero_grad(), loss_v.backward(), opt_v.step()

first, last = np.mean(lengths[:20]), np.mean(lengths[-20:])
_, _, M = run(policy, 20, np.random.default_rng(123), greedy=True)
greedy = M.sum(0).mean()
print(f"episodes trained: {len(lengths)}, environment steps: {sum(lengths)}")
print(f"mean return, first 20 episodes: {first:.0f}")
print(f"mean return, last 20 episodes:  {last:.0f}")
print(f"greedy policy, 20 test episodes: {greedy:.0f} (at most 500)")

assert len(lengths) == 320, "40 updates of 8 episodes"
assert last > 4 * first and last > 150, "the return rises at least fourfold"
assert greedy > 300, "the greedy policy balances most test episodes for long"
