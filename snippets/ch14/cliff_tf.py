import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny tensors
tf.config.threading.set_inter_op_parallelism_threads(1)
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
nxt_t, rew_t = tf.constant(nxt), tf.constant(rew)
coin_t, rand_t, ar = (
    tf.constant(coin),
    tf.constant(rand_a),
    tf.range(SEEDS, dtype=tf.int64),
)


def at(*idx):  # index tuples (seed, state[, action]) for gather_nd / scatter_nd
    return tf.stack([ar, *idx], axis=1)


def act(Q, s, t):  # epsilon-greedy; ties go to the first action
    Qs = tf.gather_nd(Q, at(s))
    first_max = tf.where(
        Qs == tf.reduce_max(Qs, 1, keepdims=True), tf.range(4, dtype=tf.int64), 4
    )
    return tf.where(coin_t[t] < EPS, rand_t[t], tf.reduce_min(first_max, 1))


@tf.function  # the whole training run is one graph: eager steps would be too slow
def train(sarsa):  # the SEEDS runs advance side by side, one step per iteration
    Q = tf.zeros((SEEDS, 48, 4), tf.float64)
    s = tf.fill([SEEDS], tf.constant(START, tf.int64))
    episode = tf.zeros(SEEDS, tf.int64)
    G, returns = tf.zeros(SEEDS, tf.float64), tf.zeros((SEEDS, EPISODES), tf.float64)

    def step(t, Q, s, a, episode, G, returns):
        live = episode < EPISODES
        s2 = tf.gather_nd(nxt_t, tf.stack([s, a], 1))
        r = tf.gather_nd(rew_t, tf.stack([s, a], 1))
        done = s2 == GOAL
        a2 = act(Q, s2, t)
        if sarsa:
            q2 = tf.gather_nd(Q, at(s2, a2))
        else:
            q2 = tf.reduce_max(tf.gather_nd(Q, at(s2)), 1)  # the one difference
        target = r + tf.where(done, tf.constant(0.0, tf.float64), q2)
        q = tf.gather_nd(Q, at(s, a))
        Q = tf.tensor_scatter_nd_add(
            Q, at(s, a), tf.where(live, ALPHA * (target - q), 0.0)
        )
        G = G + r
        k = tf.minimum(episode, EPISODES - 1)
        old = tf.gather_nd(returns, at(k))
        returns = tf.tensor_scatter_nd_update(
            returns, at(k), tf.where(live & done, G, old)
        )
        episode = episode + tf.cast(live & done, tf.int64)
        G = tf.where(done, tf.constant(0.0, tf.float64), G)
        s = tf.where(done, tf.constant(START, tf.int64), s2)
        a = tf.where(
            done, act(Q, tf.fill([SEEDS], tf.constant(START, tf.int64)), t), a2
        )
        return t + 1, Q, s, a, episode, G, returns

    def going(t, Q, s, a, episode, G, returns):
        return (t < T) & tf.reduce_any(episode < EPISODES)

    loop = [tf.constant(1), Q, s, act(Q, s, 0), episode, G, returns]
    t, Q, _, _, episode, _, returns = tf.while_loop(going, step, loop)
    return Q, returns, tf.reduce_all(episode == EPISODES)


def greedy_path(Q):  # follow argmax Q from the start, at most 50 steps
    s, g, cells = START, 0.0, {}
    while s != GOAL and len(cells) < 50:
        a = int(np.argmax(Q[s]))
        cells[s], g, s = ARROWS[a], g + rew[s, a], int(nxt[s, a])
    return g, cells


result = {}
for name, sarsa in [("Q-learning", False), ("SARSA", True)]:
    Q, returns, finished = train(sarsa)
    assert finished, "T is too small"
    Q, returns = Q.numpy(), returns.numpy()
    paths = [greedy_path(Q[k]) for k in range(SEEDS)]
    result[name] = np.concatenate([returns.ravel(), [g for g, _ in paths]])
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
        sarsa_last = returns[:, -100:].mean()
    else:
        q_last = returns[:, -100:].mean()
q_paths, s_paths = result["Q-learning"][-SEEDS:], result["SARSA"][-SEEDS:]
assert (q_paths == -13).all(), "Q-learning's greedy path is the optimal one, 13 steps"
assert (s_paths <= -15).all() and (s_paths > -50).all(), "SARSA's path is longer"
assert sarsa_last > q_last + 15, "SARSA earns more online, while exploring"
