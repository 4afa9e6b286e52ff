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


class ActorCritic(torch.nn.Module):  # a shared body, a policy head, a value head
    def __init__(self):
        super().__init__()
        self.body = torch.nn.Sequential(torch.nn.Linear(4, 64), torch.nn.Tanh())
        self.pi, self.v = torch.nn.Linear(64, 2), torch.nn.Linear(64, 1)

    def forward(self, s):
        h = self.body(s)
        return self.pi(h), self.v(h)[:, 0]


net = ActorCritic()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
GAMMA, N, T, UPDATES, BETA = 0.99, 8, 32, 300, 0.01
s = rng.uniform(-0.05, 0.05, (N, 4))
steps = np.zeros(N, int)  # steps taken in each running episode
finished = []  # returns of the episodes that ended
for _ in range(UPDATES):
    S, A, R, S2, TERM, END = [], [], [], [], [], []
    for _ in range(T):  # T steps in each of N environments
        with torch.no_grad():
            p = torch.softmax(net(torch.tensor(s))[0], 1)[:, 1].numpy()
        a = rng.random(N) < p
        s2, term = cartpole_step(s, a)
        steps += 1
        end = term | (steps == 500)  # fell, or reached the 500-step limit
        S.append(s), A.append(a), R.append(np.ones(N)), S2.append(s2)
        TERM.append(term), END.append(end)
        finished += list(steps[end])
        steps[end] = 0
        s = np.where(end[:, None], rng.uniform(-0.05, 0.05, (N, 4)), s2)
    with torch.no_grad():  # value of each next state, zero if the pole fell
        v2 = net(torch.tensor(np.array(S2)).reshape(-1, 4))[1].reshape(T, N).numpy()
    v2 = v2 * ~np.array(TERM)
    ret = np.zeros((T, N))  # n-step returns, cut at episode ends
    g = v2[-1]
    for t in reversed(range(T)):
        g = R[t] + GAMMA * np.where(END[t], v2[t], g)
        ret[t] = g
    logits, v = net(torch.tensor(np.array(S)).reshape(-1, 4))
    ret = torch.tensor(ret.reshape(-1)) / 100  # returns scaled to ~1
    adv = (ret - v).detach()  # advantage estimate: return - V(s)
    logp_all = torch.log_softmax(logits, 1)
    logp = logp_all[torch.arange(T * N), torch.tensor(np.array(A).reshape(-1)).long()]
    entropy = -(logp_all.exp() * logp_all).sum(1).mean()
    loss = -(logp * adv).mean() + 0.5 * ((ret - v) ** 2).mean() - BETA * entropy
    opt.zero_grad(), loss.backward(), opt.step()

first, last = np.mean(finished[:20]), np.mean(finished[-20:])
test = np.random.default_rng(123)  # greedy policy on 20 test episodes
s, alive, total = test.uniform(-0.05, 0.05, (20, 4)), np.ones(20, bool), np.zeros(20)
for _ in range(500):
    with torch.no_grad():
        a = net(torch.tensor(s))[0].argmax(1).numpy()
    total += alive
    s, term = cartpole_step(s, a)
    alive &= ~term
greedy = total.mean()
print(f"episodes finished: {len(finished)}, environment steps: {N * T * UPDATES}")
print(f"mean return, first 20 episodes: {first:.0f}")
print(f"mean return, last 20 episodes:  {last:.0f}")
print(f"greedy policy, 20 test episodes: {greedy:.0f} (at most 500)")

assert last > 3 * first and greedy > 100, "the return rises at least threefold"
