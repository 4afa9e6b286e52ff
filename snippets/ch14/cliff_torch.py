import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # tiny tensors: one thread is fastest
rng = np.random.default_rng(0)
# Cliff walking (Sutton & Barto, Example 6.6): 4 x 12 grid, state = row * 12 + col.
START, GOAL, ARROWS = 36, 47, "^>v<"  # actions: up, right, down, left
nxt, rew = np.zeros((48, 4), int), np.full((48, 4), -1.0)
for s in range(48):
    for a, (dr, dc) in enumerate([(-1, 0), (0, 1), (1, 0), (0, -1)]):
        r, c = min(max(s // 12 + dr, 0), 3), min(max(s % 12 + dc, 0), 11)
        cliff = r == 3 and 1 <= c <= 10  # stepping into the cliff: -100, back to start
        nxt[s, a], rew[s, a] = (START, -100.0) if cliff else (r * 12 + c, -1.0)
SEEDS, EPISODES, T, EPS, ALPHA = 10, 500, 25000, 0.1, 0.1
coin = rng.random((T, SEEDS))  # explore if coin < EPS
rand_a = rng.integers(4, size=(T, SEEDS))  # the random action when exploring
nxt_t, rew_t = torch.tensor(nxt), torch.tensor(rew)
coin_t, rand_t, ar = torch.tensor(coin), torch.tensor(rand_a), torch.arange(SEEDS)


def act(Q, s, t):  # epsilon-greedy; ties go to the first action
    return torch.where(coin_t[t] < EPS, rand_t[t], Q[ar, s].argmax(1))


def train(sarsa):  # the SEEDS runs advance side by side, one step per loop
    Q = torch.zeros(SEEDS, 48, 4)
    s, episode = torch.full((SEEDS,), START), torch.zeros(SEEDS, dtype=torch.long)
    G, returns = torch.zeros(SEEDS), torch.zeros(SEEDS, EPISODES)
    a = act(Q, s, 0)
    for t in range(1, T):
        live = episode < EPISODES
        if not live.any():
            return Q, returns
        s2, r = nxt_t[s, a], rew_t[s, a]
        done = s2 == GOAL
        a2 = act(Q, s2, t)
        q2 = Q[ar, s2, a2] if sarsa else Q[ar, s2].max(1).values  # the one difference
        target = r + torch.where(done, 0.0, q2)
        Q[ar, s, a] += torch.where(live, ALPHA * (target - Q[ar, s, a]), 0.0)
        G += r
        k = episode.clamp(max=EPISODES - 1)
        returns[ar, k] = torch.where(live & done, G, returns[ar, k])
        episode += live & done
        G = torch.where(done, 0.0, G)
        s = torch.where(done, START, s2)
        a = torch.where(done, act(Q, torch.full((SEEDS,), START), t), a2)
    raise RuntimeError("T is too small")


def greedy_path(Q):  # follow argmax Q from the start, at most 50 steps
    s, g, cells = START, 0.0, {}
    while s != GOAL and len(cells) < 50:
        a = int(Q[s].argmax())
        cells[s], g, s = ARROWS[a], g + rew[s, a], int(nxt[s, a])
    return g, cells


result = {}
for name, sarsa in [("Q-learning", False), ("SARSA", True)]:
    Q, returns = train(sarsa)
    paths = [greedy_path(Q[k]) for k in range(SEEDS)]
    result[name] = np.concatenate([returns.numpy().ravel(), [g for g, _ in paths]])
    print(
        f"{name}: mean online return, last 100 episodes: {returns[:, -100:].mean():.1f}"
    )
    print("  greedy return per seed:", " ".join(f"{g:.0f}" for g, _ in paths))
    for row in range(4):  # seed 0's greedy path; C = cliff, G = goal
        line = [paths[0][1].get(row * 12 + c, ".") for c in range(12)]
        if row == 3:
            line[1:] = "C" * 10 + "G"
        print("  " + "".join(line))
    if sarsa:
        sarsa_last = returns[:, -100:].mean().item()
    else:
        q_last = returns[:, -100:].mean().item()
q_paths, s_paths = result["Q-learning"][-SEEDS:], result["SARSA"][-SEEDS:]
assert (q_paths == -13).all(), "Q-learning's greedy path is the optimal one, 13 steps"
assert (s_paths <= -15).all() and (s_paths > -50).all(), "SARSA's path is longer"
assert sarsa_last > q_last + 15, "SARSA earns more online, while exploring"
