import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
tf.config.threading.set_intra_op_parallelism_threads(1)  # a tiny network
tf.config.threading.set_inter_op_parallelism_threads(1)
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


def mlp(out):
    return keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(32, "tanh"), keras.layers.Dense(out)]
    )


policy, value = mlp(2), mlp(1)
opt_pi, opt_v = keras.optimizers.Adam(0.02), keras.optimizers.Adam(0.02)
spec = tf.TensorSpec([None, 4], tf.float64)


@tf.function(
    input_signature=[
        spec,
        tf.TensorSpec([None], tf.int64),
        tf.TensorSpec([None], tf.float64),
        tf.TensorSpec([], tf.float64),
    ]
)
def update(s, a, m, n):
    with tf.GradientTape(persistent=True) as tape:
        b = value(s)[:, 0]
        adv = tf.stop_gradient(m - b)  # G_t - V(s_t): the baseline is subtracted
        logp = tf.gather(tf.nn.log_softmax(policy(s)), a, batch_dims=1)
        loss_pi = -tf.reduce_sum(logp * adv) / n  # -sum_t log pi(a_t|s_t) (G_t - b)
        loss_v = tf.reduce_mean((m - b) ** 2)  # the baseline regresses on the return
    opt_pi.apply_gradients(
        zip(
            tape.gradient(loss_pi, policy.trainable_variables),
            policy.trainable_variables,
        )
    )
    opt_v.apply_gradients(
        zip(tape.gradient(loss_v, value.trainable_variables), value.trainable_variables)
    )


def run(n, rng, greedy=False):  # n episodes side by side, at most 500 steps
    s = rng.uniform(-0.05, 0.05, (n, 4))
    w1, b1, w2, b2 = policy.get_weights()  # sampling in NumPy: 10,000 TF calls are slow
    alive = np.ones(n, bool)
    states, actions, masks = [], [], []
    for _ in range(500):
        logits = np.tanh(s @ w1 + b1) @ w2 + b2
        p = 1 / (1 + np.exp(logits[:, 0] - logits[:, 1]))  # softmax prob of action 1
        a = (p > 0.5) if greedy else (rng.random(n) < p)  # 1 = push right
        states.append(s), actions.append(a), masks.append(alive.copy())
        s, done = cartpole_step(s, a)
        alive &= ~done  # reward 1 for every step taken, the last one included
        if not alive.any():
            break
    return np.array(states), np.array(actions), np.array(masks)


GAMMA, N, UPDATES = 0.99, 8, 40
lengths = []
for _ in range(UPDATES):
    S, A, M = run(N, rng)
    lengths += list(M.sum(0))
    G = np.zeros_like(M, dtype=float)  # reward-to-go G_t, zero after the end
    g = np.zeros(N)
    for t in reversed(range(len(M))):
        g = M[t] * (1 + GAMMA * g)
        G[t] = g
    update(S[M], A[M].astype(np.int64), G[M] / 100, float(N))  # returns scaled to ~1

first, last = np.mean(lengths[:20]), np.mean(lengths[-20:])
_, _, M = run(20, np.random.default_rng(123), greedy=True)
greedy = M.sum(0).mean()
print(f"episodes trained: {len(lengths)}, environment steps: {sum(lengths)}")
print(f"mean return, first 20 episodes: {first:.0f}")
print(f"mean return, last 20 episodes:  {last:.0f}")
print(f"greedy policy, 20 test episodes: {greedy:.0f} (at most 500)")

assert len(lengths) == 320, "40 updates of 8 episodes"
assert last > 4 * first and last > 150, "the return rises at least fourfold"
assert greedy > 300, "the greedy policy balances most test episodes for long"
