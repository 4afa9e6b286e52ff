import numpy as np
import torch

# book: tolerance ±5%
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # a tiny network: one thread is fastest
F, A = 5, 3  # fatigue levels 0..4; items: 0 clickbait, 1 regular, 2 fresh
BASE = np.array([0.6, 0.4, 0.3])  # click probability of a rested user
DFAT = np.array([1, 0, -1])  # how each item changes fatigue
GAMMA = 0.95


def step(f, a, rng):  # vectorized session simulator
    click = rng.random(f.shape) < BASE[a] * (1 - 0.15 * f)
    f2 = np.clip(f + DFAT[a], 0, F - 1)
    done = rng.random(f.shape) < 0.1 + 0.15 * f2  # tired users leave sooner
    return f2, click.astype(float), done


def evaluate(policy, n=4000):  # mean clicks per session, same users for all
    rng = np.random.default_rng(123)
    f, alive, total = np.zeros(n, int), np.ones(n, bool), np.zeros(n)
    for _ in range(60):
        a = policy[f] if policy is not None else rng.integers(A, size=n)
        f2, r, done = step(f, a, rng)
        total += r * alive
        alive &= ~done
        f = f2
    return total.mean()


def train_dqn(seed, iters=300, envs=32, batch=64):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(F, 16), torch.nn.ReLU(), torch.nn.Linear(16, A)
    )
    target = torch.nn.Sequential(
        torch.nn.Linear(F, 16), torch.nn.ReLU(), torch.nn.Linear(16, A)
    )
    target.load_state_dict(net.state_dict())
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    eye = torch.eye(F)
    buf = []  # replay buffer of (f, a, r, f2, done)
    f = np.zeros(envs, int)
    for it in range(iters):
        eps = max(0.1, 1 - it / 200)
        with torch.no_grad():
            greedy = net(eye).argmax(1).numpy()[f]
        a = np.where(rng.random(envs) < eps, rng.integers(A, size=envs), greedy)
        f2, r, done = step(f, a, rng)
        buf.append(np.stack([f, a, r, f2, done]))
        f = np.where(done, 0, f2)  # a user who left is replaced by a new one
        data = np.concatenate(buf, 1)[:, -5000:]
        idx = rng.integers(data.shape[1], size=batch)
        bf, ba, br, bf2, bd = data[:, idx]
        with torch.no_grad():  # target: r + gamma * max_a' Q_target(s', a')
            y = (
                torch.tensor(br)
                + GAMMA * (1 - torch.tensor(bd)) * target(eye[bf2]).max(1).values
            )
        q = net(eye[bf]).gather(1, torch.tensor(ba).long()[:, None])[:, 0]
        loss = torch.nn.functional.mse_loss(q, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % 25 == 0:
            target.load_state_dict(net.state_dict())  # sync the target network
    with torch.no_grad():
        return net(eye).argmax(1).numpy()


myopic = np.zeros(F, int)  # always the item most likely to be clicked now
print(f"random policy:  {evaluate(None):.2f} clicks per session")
print(f"myopic policy:  {evaluate(myopic):.2f} clicks per session")
returns = []
for seed in range(3):
    policy = train_dqn(seed)
    returns.append(evaluate(policy))
    first = ["clickbait", "regular", "fresh"][policy[0]]
    print(
        f"DQN seed {seed}:     {returns[-1]:.2f} clicks per session (rested user: {first})"
    )
fs = np.arange(F)[:, None]  # dynamic programming on the known model (undiscounted)
nxt = np.clip(fs + DFAT, 0, F - 1)  # next fatigue for each (f, a)
V = np.zeros(F)
for _ in range(200):
    Q = BASE * (1 - 0.15 * fs) + (1 - (0.1 + 0.15 * nxt)) * V[nxt]
    V = Q.max(1)
best = evaluate(Q.argmax(1))
print(f"best policy:    {best:.2f} clicks per session")

assert all(r > 2 * evaluate(myopic) for r in returns), (
    "every seed beats the myopic policy"
)
assert Q.argmax(1).tolist() == [1, 2, 2, 2, 2], "best: regular when rested, else fresh"
assert sum(r > 0.97 * best for r in returns) >= 2, "most seeds find the best policy"
assert evaluate(None) > 1.5 * evaluate(myopic), "even random beats myopic here"
