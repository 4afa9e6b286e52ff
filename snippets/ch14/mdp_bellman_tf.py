import numpy as np
import tensorflow as tf

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
P, R, nxt_t = tf.constant(P), tf.constant(rew), tf.constant(nxt)

# 1. Evaluate the uniform random policy: pi(a|s) = 1/4.
P_pi, r_pi = tf.reduce_mean(P, 1), tf.reduce_mean(R, 1)  # P_pi[s, s'] and r_pi[s]
gamma = 0.9
eye = tf.eye(48, dtype=tf.float64)
A = eye - gamma * P_pi
v_lin = tf.linalg.solve(A, r_pi[:, None])[:, 0]  # v = (I - gamma P_pi)^-1 r_pi
v, sweeps = tf.zeros(48, tf.float64), 0
while True:  # iterative policy evaluation: apply the Bellman expectation backup
    v_new = tf.reduce_mean(R + gamma * tf.gather(v, nxt_t), 1)
    sweeps, change, v = sweeps + 1, tf.reduce_max(tf.abs(v_new - v)), v_new
    if change < 1e-12:
        break
res_pi = tf.reduce_max(tf.abs(v_lin - (r_pi + gamma * tf.linalg.matvec(P_pi, v_lin))))
print(f"random policy, gamma = {gamma}: v(start) = {v_lin[START]:.3f}")
print(
    f"  iterative evaluation: {sweeps} sweeps, max gap to the linear solve < 1e-9:",
    bool(tf.reduce_max(tf.abs(v - v_lin)) < 1e-9),
)
print("  Bellman expectation residual < 1e-10:", bool(res_pi < 1e-10))
keep = np.arange(48) != GOAL  # gamma = 1: drop the terminal state, still solvable
P1 = tf.boolean_mask(tf.boolean_mask(P_pi, keep), keep, axis=1)
v1 = tf.linalg.solve(
    tf.eye(47, dtype=tf.float64) - P1, tf.boolean_mask(r_pi, keep)[:, None]
)[:, 0]
print(f"random policy, gamma = 1: v(start) = {v1[START]:.0f}")

# 2. Value iteration for the optimal values, gamma = 1 (the episodes end).
v, sweeps = tf.zeros(48, tf.float64), 0
while True:
    v_new = tf.reduce_max(R + tf.gather(v, nxt_t), 1)  # Bellman optimality backup
    sweeps, v_changed, v = sweeps + 1, bool(tf.reduce_any(v_new != v)), v_new
    if not v_changed:
        break
q = R + tf.gather(v, nxt_t)  # q*(s, a)
res_opt = tf.reduce_max(tf.abs(v - tf.reduce_max(q, 1)))
s, steps = START, 0
while s != GOAL:  # follow the greedy policy (np.argmax: ties go to the first action)
    s, steps = int(nxt[s, np.argmax(q[s].numpy())]), steps + 1
print(f"value iteration, gamma = 1: {sweeps} sweeps, v*(start) = {v[START]:.0f}")
print(f"  Bellman optimality residual: {res_opt:.0f}; greedy path: {steps} steps")
result = {"v_random": v_lin.numpy(), "v_random_1": v1.numpy(), "v_star": v.numpy()}
assert res_pi < 1e-10 and tf.reduce_max(tf.abs(v - tf.round(v))) == 0, "exact solutions"
assert v[START] == -13 and steps == 13, "the optimal path runs along the cliff edge"
