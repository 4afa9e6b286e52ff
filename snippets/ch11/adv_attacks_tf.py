import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
tf.config.threading.set_intra_op_parallelism_threads(1)  # a tiny model

digits = load_digits()
X = digits.data / 16.0  # pixels in [0, 1], float64
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
X_tr, X_te = tf.constant(X_tr), tf.constant(X_te)

# MLP 64 -> 64 -> 10, weights drawn by NumPy (the PyTorch tab draws the same)
W1 = tf.Variable(rng.normal(0, np.sqrt(2 / 64), (64, 64)))
b1 = tf.Variable(tf.zeros(64, tf.float64))
W2 = tf.Variable(rng.normal(0, np.sqrt(1 / 64), (64, 10)))
b2 = tf.Variable(tf.zeros(10, tf.float64))
params = [W1, b1, W2, b2]


def model(x):
    return tf.nn.relu(x @ W1 + b1) @ W2 + b2  # logits


def loss_fn(x, y):
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=model(x))
    )


opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
for _ in range(400):  # full-batch training: deterministic
    with tf.GradientTape() as tape:
        loss = loss_fn(X_tr, y_tr)
    opt.apply_gradients(zip(tape.gradient(loss, params), params))


def input_grad(x, y):
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = loss_fn(x, y)
    return tape.gradient(loss, x)


def fgsm(x, y, eps):
    # one step of size eps along the sign of the gradient, then back into [0, 1]
    return tf.clip_by_value(x + eps * tf.sign(input_grad(x, y)), 0, 1)


def pgd(x, y, eps, steps=20, noise=None):
    alpha = 2.5 * eps / steps
    x_adv = tf.clip_by_value(x + noise * eps, 0, 1)  # random start in the eps-ball
    for _ in range(steps):
        x_adv = x_adv + alpha * tf.sign(input_grad(x_adv, y))
        x_adv = tf.clip_by_value(x_adv, x - eps, x + eps)  # project on the ball
        x_adv = tf.clip_by_value(x_adv, 0, 1)  # stay a valid image
    return x_adv


def accuracy(x, y):
    return float(np.mean(np.argmax(model(x), 1) == y))


noise = tf.constant(rng.uniform(-1, 1, X_te.shape))
eps_values = [0.0, 0.05, 0.1, 0.2, 0.3]
acc = np.array(
    [
        [
            accuracy(fgsm(X_te, y_te, e), y_te),
            accuracy(pgd(X_te, y_te, e, noise=noise), y_te),
        ]
        for e in eps_values
    ]
)
print(f"test images: {len(y_te)}, clean accuracy {acc[0, 0]:.3f}")
print("  eps   FGSM  PGD-20")
for e, (a_fgsm, a_pgd) in zip(eps_values, acc):
    print(f"{e:5.2f}  {a_fgsm:.3f}  {a_pgd:.3f}")
x_adv = pgd(X_te, y_te, 0.1, noise=noise)
print(f"largest pixel change at eps=0.1: {np.abs(x_adv - X_te).max():.3f}")
result = acc

assert acc[0, 0] > 0.9, "the model is accurate on clean test images"
assert np.all(acc[:, 1] <= acc[:, 0]), "PGD is at least as strong as FGSM at every eps"
assert np.all(np.diff(acc[:, 1]) < 0), "accuracy under PGD falls as eps grows"
assert acc[2, 1] < 0.5, "eps=0.1 is enough to fool the model on most images"
assert acc[3, 1] < 0.05, "and almost every image at eps=0.2"
assert np.abs(x_adv - X_te).max() <= 0.1 + 1e-12, "PGD stays in the eps-ball"
