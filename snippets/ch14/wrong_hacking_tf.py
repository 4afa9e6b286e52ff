import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
rng = np.random.default_rng(0)
# A corridor of cells 0..6: start at 0, goal at 6 (+10, the episode ends).
# A coin at cell 2 pays +1 each time the agent steps onto it (it respawns).
N, COIN, GOAL, LIMIT = 7, 2, 6, 50  # cells, coin, goal, steps per episode
GAMMA, ALPHA, EPS, T, S = 0.99, 0.5, 0.2, 6000, 10  # T steps of training, S seeds
SPECS = ["goal only", "goal + coin", "goal + shaping"]  # three reward designs
B = len(SPECS) * S  # all runs side by side
coin_on = tf.constant(np.repeat([0.0, 1.0, 0.0], S))
shape_on = tf.constant(np.repeat([0.0, 0.0, 1.0], S))
explore = tf.constant(rng.random((T, B)) < EPS)  # the same random stream as PyTorch
rand_a = tf.constant(rng.integers(2, size=(T, B)))
noise = tf.constant(rng.random((T + 1, B, 2)) * 1e-9)  # breaks ties between actions
Q = tf.Variable(tf.zeros((B, N, 2), tf.float64))


def move(s, a):
    s2 = tf.clip_by_value(s + 2 * a - 1, 0, N - 1)  # a = 0: left, a = 1: right
    goal = tf.cast(s2 == GOAL, tf.float64)
    coin = tf.cast((s2 == COIN) & (s != COIN), tf.float64)
    return s2, goal, coin


def train_step(s, t_ep, explore_t, rand_t, noise_t):
    q_s = tf.gather(Q, s, batch_dims=1)
    a = tf.where(explore_t, rand_t, tf.argmax(q_s + noise_t, 1))
    s2, goal, coin = move(s, a)
    sf, s2f = tf.cast(s, tf.float64), tf.cast(s2, tf.float64)
    # Potential-based shaping (Ng et al. 1999): F = gamma * phi(s') - phi(s), phi = cell.
    shaping = GAMMA * s2f * (1 - goal) - sf
    r = 10 * goal + coin_on * coin + shape_on * shaping
    target = r + GAMMA * (1 - goal) * tf.reduce_max(tf.gather(Q, s2, batch_dims=1), 1)
    idx = tf.stack([tf.range(B, dtype=tf.int64), s, a], 1)
    q_sa = tf.gather_nd(Q, idx)
    Q.scatter_nd_update(idx, q_sa + ALPHA * (target - q_sa))
    t_ep = t_ep + 1
    reset = (goal > 0) | (t_ep >= LIMIT)  # a time limit is not a terminal state
    zero = tf.zeros_like(s)
    return tf.where(reset, zero, s2), tf.where(reset, zero, t_ep), goal


@tf.function
def train():
    s = t_ep = tf.zeros(B, tf.int64)
    finished = tf.zeros(B, tf.float64)
    for t in tf.range(T):  # one graph for the whole loop
        s, t_ep, goal = train_step(s, t_ep, explore[t], rand_a[t], noise[t])
        finished += goal
    return finished


finished = train().numpy()

# The greedy policy, one episode: coins picked up and whether it reaches the goal.
s, coins, reached = tf.zeros(B, tf.int64), np.zeros(B), np.zeros(B)
for _ in range(LIMIT):
    a = tf.argmax(tf.gather(Q, s, batch_dims=1) + noise[T], 1)
    s, goal, coin = move(s, a)
    coins += (1 - reached) * coin.numpy()
    reached = np.maximum(reached, goal.numpy())
    s = tf.where(goal > 0, tf.constant(GOAL, tf.int64), s)  # stays at the goal

result = {"coins": coins, "reached": reached, "finished": finished}
print(
    f"{'reward':15s} {'training episodes finished':>26s} {'greedy: coins':>13s} {'reaches goal':>12s}"
)
for i, name in enumerate(SPECS):
    sl = slice(i * S, (i + 1) * S)
    print(
        f"{name:15s} {finished[sl].mean():26.1f} {coins[sl].mean():13.1f} {reached[sl].mean():12.0%}"
    )
c, g = coins.reshape(3, S), reached.reshape(3, S)
assert (g[1] == 0).all() and (g[0] == 1).all(), (
    "the coin agent never finishes, the other always"
)
assert c[1].min() >= 20 > c[0].max(), "but it collects 20 or more coins in 50 steps"
assert (g[2] == 1).all(), "potential-based shaping keeps the goal-reaching policy"
