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


inp = keras.Input((4,))  # a shared body, a policy head, a value head
h = keras.layers.Dense(64, "tanh")(inp)
net = keras.Model(inp, [keras.layers.Dense(2)(h), keras.layers.Dense(1)(h)])
opt = keras.optimizers.Adam(0.01)
GAMMA, N, T, UPDATES, BETA = 0.99, 8, 32, 300, 0.01


def forward_np(s, weights):  # NumPy forward pass: thousands of TF calls are slow
    w1, b1, wp, bp, wv, bv = weights
    h = np.tanh(s @ w1 + b1)
    return h @ wp + bp, (h @ wv + bv)[:, 0]


@tf.function(
    input_signature=[
        tf.TensorSpec([None, 4], tf.float64),
        tf.TensorSpec([None], tf.int64),
        tf.TensorSpec([None], tf.float64),
    ]
)
def update(s, a, ret):
    with tf.GradientTape() as tape:
        logits, v = net(s)
        v = v[:, 0]
        adv = tf.stop_gradient(ret - v)  # advantage estimate: return - V(s)
        logp_all = tf.nn.log_softmax(logits)
        logp = tf.gather(logp_all, a, batch_dims=1)
        entropy = -tf.reduce_mean(tf.reduce_sum(tf.exp(logp_all) * logp_all, 1))
        loss = (
            -tf.reduce_mean(logp * adv)
            + 0.5 * tf.reduce_mean((ret - v) ** 2)
            - BETA * entropy
        )
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))


s = rng.uniform(-0.05, 0.05, (N, 4))
steps = np.zeros(N, int)  # steps taken in each running episode
finished = []  # returns of the episodes that ended
for _ in range(UPDATES):
    S, A, R, S2, TERM, END = [], [], [], [], [], []
    weights = net.get_weights()
    for _ in range(T):  # T steps in each of N environments
        logits = forward_np(s, weights)[0]
        p = 1 / (1 + np.exp(logits[:, 0] - logits[:, 1]))  # softmax prob of action 1
        a = rng.random(N) < p
        s2, term = cartpole_step(s, a)
        steps += 1
        end = term | (steps == 500)  # fell, or reached the 500-step limit
        S.append(s), A.append(a), R.append(np.ones(N)), S2.append(s2)
        TERM.append(term), END.append(end)
        finished += list(steps[end])
        steps[end] = 0
        s = np.where(end[:, None], rng.uniform(-0.05, 0.05, (N, 4)), s2)
    v2 = forward_np(np.array(S2).reshape(-1, 4), weights)[1].reshape(T, N)
    v2 = v2 * ~np.array(TERM)  # value of each next state, zero if the pole fell
    ret = np.zeros((T, N))  # n-step returns, cut at episode ends
    g = v2[-1]
    for t in reversed(range(T)):
        g = R[t] + GAMMA * np.where(END[t], v2[t], g)
        ret[t] = g
    update(
        np.array(S).reshape(-1, 4),
        np.array(A).reshape(-1).astype(np.int64),
        ret.reshape(-1) / 100,  # returns scaled to ~1
    )

first, last = np.mean(finished[:20]), np.mean(finished[-20:])
test = np.random.default_rng(123)  # greedy policy on 20 test episodes
weights = net.get_weights()
s, alive, total = test.uniform(-0.05, 0.05, (20, 4)), np.ones(20, bool), np.zeros(20)
for _ in range(500):
    a = forward_np(s, weights)[0].argmax(1)
    total += alive
    s, term = cartpole_step(s, a)
    alive &= ~term
greedy = total.mean()
print(f"episodes finished: {len(finished)}, environment steps: {N * T * UPDATES}")
print(f"mean return, first 20 episodes: {first:.0f}")
print(f"mean return, last 20 episodes:  {last:.0f}")
print(f"greedy policy, 20 test episodes: {greedy:.0f} (at most 500)")

assert last > 3 * first and greedy > 100, "the return rises at least threefold"
