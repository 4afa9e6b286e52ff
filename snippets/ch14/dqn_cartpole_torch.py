import numpy as np
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # a tiny network: one thread is fastest
rng = np.random.default_rng(0)
STEPS, START, EPS_STEPS = 3000, 500, 1500  # env steps, warm-up, epsilon decay
BATCH, SYNC, GAMMA, H = 128, 100, 0.99, 64


def reset(rng, n):  # n CartPole-v1 start states, uniform in [-0.05, 0.05]
    return rng.uniform(-0.05, 0.05, (n, 4))


def cartpole_step(s, a):  # CartPole-v1 dynamics (Barto, Sutton & Anderson 1983)
    x, v, th, w = s.T
    f = np.where(a == 1, 10.0, -10.0)
    cos, sin = np.cos(th), np.sin(th)
    tmp = (f + 0.05 * w**2 * sin) / 1.1
    wacc = (9.8 * sin - cos * tmp) / (0.5 * (4 / 3 - 0.1 * cos**2 / 1.1))
    xacc = tmp - 0.05 * wacc * cos / 1.1
    s = np.stack([x + 0.02 * v, v + 0.02 * xacc, th + 0.02 * w, w + 0.02 * wacc], 1)
    done = (np.abs(s[:, 0]) > 2.4) | (np.abs(s[:, 2]) > 12 * 2 * np.pi / 360)
    return s, done  # reward: +1 per step, the last one included


def evaluate(policy, n=10):  # mean return over the same 10 starts, 500 steps max
    rng = np.random.default_rng(123)
    s, alive, ret = reset(rng, n), np.ones(n, bool), np.zeros(n)
    for _ in range(500):
        s, fell = cartpole_step(s, policy(s, rng))
        ret += alive
        alive &= ~fell
        if not alive.any():
            break
    return ret.mean()


def glorot(n_in, n_out):  # the same initial weights in both frameworks
    lim = np.sqrt(6 / (n_in + n_out))
    return rng.uniform(-lim, lim, (n_in, n_out))


def make_net():  # Q-network 4 -> 64 -> 64 -> 2
    return torch.nn.Sequential(
        torch.nn.Linear(4, H),
        torch.nn.ReLU(),
        torch.nn.Linear(H, H),
        torch.nn.ReLU(),
        torch.nn.Linear(H, 2),
    )


net, target = make_net(), make_net()
with torch.no_grad():
    for layer, (n_in, n_out) in zip(net[::2], [(4, H), (H, H), (H, 2)]):
        layer.weight.copy_(torch.tensor(glorot(n_in, n_out).T))
        layer.bias.zero_()
target.load_state_dict(net.state_dict())
opt = torch.optim.Adam(net.parameters(), lr=2e-3)


def greedy(s, rng=None):
    with torch.no_grad():
        return net(torch.tensor(s)).argmax(1).numpy()


def train_step(b):  # one gradient step on a replayed mini-batch
    s, a, r, s2, term = (
        torch.tensor(b[:, i]) for i in (slice(0, 4), 4, 5, slice(6, 10), 10)
    )
    with torch.no_grad():  # target: r + gamma * max_a' Q_target(s', a')
        y = r + GAMMA * (1 - term) * target(s2).max(1).values
    q = net(s).gather(1, a.long()[:, None])[:, 0]
    loss = torch.nn.functional.huber_loss(q, y, delta=1.0)
    opt.zero_grad()
    loss.backward()
    opt.step()


random_return = evaluate(lambda s, rng: rng.integers(2, size=len(s)))
before = evaluate(greedy)
print(f"random policy:            mean return {random_return:.1f}")
print(f"greedy Q-net, untrained:  mean return {before:.1f}")
replay = np.zeros((STEPS, 11))  # rows: s (4), a, r, s' (4), terminated
s, length, episodes = reset(rng, 1), 0, []
for t in range(STEPS):
    eps = max(0.05, 1 - t / EPS_STEPS)
    a = rng.integers(2, size=1) if rng.random() < eps else greedy(s)
    s2, fell = cartpole_step(s, a)
    length += 1
    replay[t] = np.concatenate([s[0], a, [1.0], s2[0], fell])
    if fell[0] or length == 500:  # a time limit truncates; it does not terminate
        episodes.append(length)
        s, length = reset(rng, 1), 0
    else:
        s = s2
    if t >= START and t % 2 == 0:
        train_step(replay[rng.integers(t + 1, size=BATCH)])
    if t % SYNC == 0:
        target.load_state_dict(net.state_dict())  # hard copy every SYNC steps
after = evaluate(greedy)
first, last = np.mean(episodes[:10]), np.mean(episodes[-10:])
print(f"training episodes:        {len(episodes)}")
print(f"first 10 episodes:        mean return {first:.1f}")
print(f"last 10 episodes:         mean return {last:.1f}")
print(f"greedy Q-net, trained:    mean return {after:.1f}")

assert 15 < random_return < 30, "a random policy keeps the pole up about 20 steps"
assert after >= 3 * random_return, "the trained greedy policy is at least 3x random"
assert last >= 3 * first, "training returns rise at least 3x"
