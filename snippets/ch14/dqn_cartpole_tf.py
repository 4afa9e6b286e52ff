import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
tf.config.threading.set_intra_op_parallelism_threads(1)  # a tiny network
tf.config.threading.set_inter_op_parallelism_threads(1)
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
    return keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(H, activation="relu"),
            keras.layers.Dense(H, activation="relu"),
            keras.layers.Dense(2),
        ]
    )


net, target = make_net(), make_net()
net.set_weights(
    [glorot(4, H), np.zeros(H), glorot(H, H), np.zeros(H), glorot(H, 2), np.zeros(2)]
)
target.set_weights(net.get_weights())
opt = keras.optimizers.Adam(learning_rate=2e-3)
huber = keras.losses.Huber(delta=1.0)


@tf.function
def q_argmax(s):
    return tf.argmax(net(s), 1)


def greedy(s, rng=None):
    return q_argmax(tf.constant(s)).numpy()


@tf.function
def tf_train_step(s, a, r, s2, term):
    # target: r + gamma * max_a' Q_target(s', a')
    y = r + GAMMA * (1 - term) * tf.reduce_max(target(s2), 1)
    with tf.GradientTape() as tape:
        q = tf.gather(net(s), a, batch_dims=1)
        loss = huber(y, q)
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))


def train_step(b):  # one gradient step on a replayed mini-batch
    tf_train_step(b[:, 0:4], b[:, 4].astype("int64"), b[:, 5], b[:, 6:10], b[:, 10])


@tf.function
def sync_target():  # hard copy every SYNC steps
    for t, n in zip(target.weights, net.weights):
        t.assign(n)


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
        sync_target()
after = evaluate(greedy)
first, last = np.mean(episodes[:10]), np.mean(episodes[-10:])
print(f"training episodes:        {len(episodes)}")
print(f"first 10 episodes:        mean return {first:.1f}")
print(f"last 10 episodes:         mean return {last:.1f}")
print(f"greedy Q-net, trained:    mean return {after:.1f}")

assert 15 < random_return < 30, "a random policy keeps the pole up about 20 steps"
assert after >= 3 * random_return, "the trained greedy policy is at least 3x random"
assert last >= 3 * first, "training returns rise at least 3x"
