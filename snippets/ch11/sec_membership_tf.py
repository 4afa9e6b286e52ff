import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

SEED = 0
rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
tf.config.threading.set_intra_op_parallelism_threads(
    1
)  # a tiny model: one thread is fastest
keras.backend.set_floatx("float64")

digits = load_digits()
X, y = digits.data / 16.0, digits.target
perm = rng.permutation(len(X))
outside = perm[-600:]  # never trained on: the non-members
W1_0 = rng.normal(0, np.sqrt(2 / 64), (64, 128))  # same start for every model
W2_0 = rng.normal(0, np.sqrt(1 / 128), (128, 10))
ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)


def train(idx, l2, steps=300):
    W1, b1 = tf.Variable(W1_0), tf.Variable(tf.zeros(128, tf.float64))
    W2, b2 = tf.Variable(W2_0), tf.Variable(tf.zeros(10, tf.float64))
    params = [W1, b1, W2, b2]
    x, t = tf.constant(X[idx]), tf.constant(y[idx])
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(ce(t, tf.nn.relu(x @ W1 + b1) @ W2 + b2))
            loss += l2 * (tf.reduce_sum(W1**2) + tf.reduce_sum(W2**2))
        opt.apply_gradients(zip(tape.gradient(loss, params), params))

    for _ in range(steps):  # full batch: deterministic
        step()
    return lambda x: tf.nn.relu(x @ W1 + b1) @ W2 + b2


def losses(f, idx):
    logits = f(tf.constant(X[idx]))
    loss = ce(y[idx], logits).numpy()
    return loss, float(np.mean(np.argmax(logits, 1) == y[idx]))


def auc(s_in, s_out):
    # probability that a random member scores above a random non-member
    return (s_in[:, None] > s_out[None, :]).mean() + 0.5 * (
        s_in[:, None] == s_out[None, :]
    ).mean()


result = {}
print("model                  train acc  test acc  loss in / out    AUC  advantage")
for name, n, l2 in [
    ("100 members", 100, 0.0),
    ("100 members + L2", 100, 0.03),
    ("1000 members", 1000, 0.0),
]:
    f = train(perm[:n], l2)
    l_in, acc_in = losses(f, perm[:n])
    l_out, acc_out = losses(f, outside)
    a = auc(-l_in, -l_out)  # score: a low loss says "member"
    thr = l_in.mean()  # Yeom et al.: member if the loss is below the mean training loss
    adv = (l_in < thr).mean() - (l_out < thr).mean()  # true- minus false-positive rate
    result[name] = np.array([a, adv])
    print(
        f"{name:22s} {acc_in:9.3f} {acc_out:9.3f}  {l_in.mean():.3f} / {l_out.mean():.3f}  {a:5.2f}  {adv:9.2f}"
    )

a_small, a_l2, a_big = (result[k][0] for k in result)
assert a_small > 0.65, "the overfit model leaks membership"
assert a_l2 < a_small, "L2 lowers the attack AUC a little"
assert a_l2 > 0.6, "but L2 does not stop the attack"
assert a_big < a_l2 - 0.05, "more training data leaks much less"
