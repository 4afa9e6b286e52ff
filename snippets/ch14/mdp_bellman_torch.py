import numpy as np
import torch

torch.set_default_dtype(torch.float64)
# The cliff-walking grid as a known MDP: 4 x 12, state = row * 12 + col.
START, GOAL = 36, 47  # actions: up, right, down, left
nxt, rew = np.zeros((48, 4), int), np.full((48, 4), -1.0)
for s in range(48):
    for a, (dr, dc) in enumerate([(-1, 0), (0, 1), (1, 0), (0, -1)]):
        r, c = min(max(s // 12 + dr, 0), 3), min(max(s % 12 + dc, 0), 11)
        cliff = r == 3 and 1 <= c <= 10  # stepping into the cliff: -100, back to start
        nxt[s, a], rew[s, a] = (START, -100.0) if cliff else (r * 12 + c, -1.0)
nxt[GOAL], rew[GOAL] = GOAL, 0.0  # the goal is terminal: absorbing, reward 0
P = np.zeros((48, 4, 48))  # p(s' | s, a): deterministic here
P[np.arange(48)[:, None], np.arange(4), nxt] = 1.0
P, R, nxt_t = torch.tensor(P), torch.tensor(rew), torch.tensor(nxt)

# 1. Evaluate the uniform random policy: pi(a|s) = 1/4.
P_pi, r_pi = P.mean(1), R.mean(1)  # P_pi[s, s'] and r_pi[s]
gamma = 0.9
v_lin = torch.linalg.solve(
    torch.eye(48) - gamma * P_pi, r_pi
)  # v = (I - gamma P_pi)^-1 r_pi
v, sweeps = torch.zeros(48), 0
while True:  # iterative policy evaluation: apply the Bellman expectation backup
    v_new = (R + gamma * v[nxt_t]).mean(1)
    sweeps, change, v = sweeps + 1, (v_new - v).abs().max(), v_new
    if change < 1e-12:
        break
res_pi = (v_lin - (r_pi + gamma * P_pi @ v_lin)).abs().max()
print(f"random policy, gamma = {gamma}: v(start) = {v_lin[START]:.3f}")
print(
    f"  iterative evaluation: {sweeps} sweeps, max gap to the linear solve < 1e-9:",
    bool((v - v_lin).abs().max() < 1e-9),
)
print("  Bellman expectation residual < 1e-10:", bool(res_pi < 1e-10))
keep = torch.arange(48) != GOAL  # gamma = 1: drop the terminal state, still solvable
v1 = torch.linalg.solve(torch.eye(47) - P_pi[keep][:, keep], r_pi[keep])
print(f"random policy, gamma = 1: v(start) = {v1[START]:.0f}")

# 2. Value iteration for the optimal values, gamma = 1 (the episodes end).
v, sweeps = torch.zeros(48), 0
while True:
    v_new = (R + v[nxt_t]).max(1).values  # Bellman optimality backup
    sweeps, v_changed, v = sweeps + 1, bool((v_new != v).any()), v_new
    if not v_changed:
        break
q = R + v[nxt_t]  # q*(s, a)
res_opt = (v - q.max(1).values).abs().max()
s, steps = START, 0
while s != GOAL:  # follow the greedy policy
    s, steps = int(nxt[s, int(q[s].argmax())]), steps + 1
print(f"value iteration, gamma = 1: {sweeps} sweeps, v*(start) = {v[START]:.0f}")
print(f"  Bellman optimality residual: {res_opt:.0f}; greedy path: {steps} steps")
result = {"v_random": v_lin.numpy(), "v_random_1": v1.numpy(), "v_star": v.numpy()}
assert res_pi < 1e-10 and (v - v.round()).abs().max() == 0, "exact solutions"
assert v[START] == -13 and steps == 13, "the optimal path runs along the cliff edge"
