import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
tf.config.threading.set_intra_op_parallelism_threads(
    1
)  # a tiny model: one thread is fastest
keras.backend.set_floatx("float64")

digits = load_digits()
X_tr, X_te, y_tr, y_te = train_test_split(
    digits.data / 16.0,
    digits.target,
    test_size=0.3,
    random_state=0,
    stratify=digits.target,
)


def net(p, x):  # MLP 64 -> 128 -> 10, logits
    return tf.nn.relu(x @ p[0] + p[1]) @ p[2] + p[3]


def fit(x, target, steps=250):
    # fresh NumPy-drawn weights, full-batch SGD; target: labels or probabilities
    p = [
        rng.normal(0, np.sqrt(2 / 64), (64, 128)),
        np.zeros(128),
        rng.normal(0, np.sqrt(1 / 128), (128, 10)),
        np.zeros(10),
    ]
    p = [tf.Variable(w) for w in p]
    if target.shape.rank == 1:
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(target, net(p, x))
        opt.apply_gradients(zip(tape.gradient(loss, p), p))

    for _ in range(steps):
        step()
    return p


# the victim, trained on data the attacker never sees
victim = fit(tf.constant(X_tr), tf.constant(y_tr))
x_te = tf.constant(X_te)
victim_pred = np.argmax(net(victim, x_te), axis=1)
print(f"victim test accuracy: {np.mean(victim_pred == y_te):.3f}")

# the attacker: 2000 queries of uniform noise, no digit at all
queries = tf.constant(rng.uniform(0, 1, (2000, 64)))
probs = tf.nn.softmax(net(victim, queries))  # what the API returns
result = {}
for answer, target in [("labels", tf.argmax(probs, axis=1)), ("probabilities", probs)]:
    copy = fit(queries, target)
    copy_pred = np.argmax(net(copy, x_te), axis=1)
    agree, acc = np.mean(copy_pred == victim_pred), np.mean(copy_pred == y_te)
    result[answer] = np.array([agree, acc])
    print(
        f"copy from {answer:13s}: agrees with victim {agree:.3f}, test accuracy {acc:.3f}"
    )

assert result["labels"][0] > 0.85, "labels alone give a usable copy"
assert result["probabilities"][0] > result["labels"][0] + 0.03, (
    "probabilities leak more"
)
assert result["probabilities"][0] > 0.95, "probabilities give an almost exact copy"
