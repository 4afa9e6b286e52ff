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


def quantize(x):
    return tf.round(4 * x) / 4  # 5 grey levels; its gradient is 0 almost everywhere


def masked(x):
    return model(quantize(x))  # the "defended" model


def straight_through(x):
    # BPDA: quantize on the forward pass, identity on the backward pass
    return model(x + tf.stop_gradient(quantize(x) - x))


def input_grad(f, x, y):
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=f(x))
        )
    # tf.round has no gradient: TensorFlow would return None, so ask for zeros
    return tape.gradient(loss, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def pgd(f, x, y, eps, steps, noise):
    alpha = 2.5 * eps / steps
    x_adv = tf.clip_by_value(x + noise * eps, 0, 1)
    for _ in range(steps):
        x_adv = x_adv + alpha * tf.sign(input_grad(f, x_adv, y))
        x_adv = tf.clip_by_value(tf.clip_by_value(x_adv, x - eps, x + eps), 0, 1)
    return x_adv


def accuracy(f, x):
    return float(np.mean(np.argmax(f(x), 1) == y_te))


eps, zero = 0.2, tf.zeros_like(X_te)
noise = tf.constant(rng.uniform(-1, 1, X_te.shape))
grad_norm = float(tf.reduce_sum(tf.abs(input_grad(masked, X_te, y_te))))
x_fgsm = pgd(masked, X_te, y_te, eps, 1, zero)  # FGSM = one step of size eps, no start
attacks = {
    "no attack": accuracy(masked, X_te),
    "FGSM, own gradient": accuracy(masked, x_fgsm),
    "PGD-20, own gradient": accuracy(masked, pgd(masked, X_te, y_te, eps, 20, noise)),
    "PGD-20 transferred": accuracy(masked, pgd(model, X_te, y_te, eps, 20, noise)),
    "PGD-20 with BPDA": accuracy(
        masked, pgd(straight_through, X_te, y_te, eps, 20, noise)
    ),
}
print(f"input gradient of the quantized model, summed: {grad_norm}")
print(f"accuracy of the quantized model at eps={eps}:")
for name, a in attacks.items():
    print(f"  {name:21s} {a:.3f}")
result = np.array(list(attacks.values()))

assert grad_norm == 0, "rounding hides the gradient completely"
assert attacks["FGSM, own gradient"] == attacks["no attack"], "FGSM changes nothing"
assert attacks["PGD-20, own gradient"] > 0.8, "gradient attacks look powerless"
assert attacks["PGD-20 transferred"] < 0.3, "a transfer attack is not fooled"
assert attacks["PGD-20 with BPDA"] < 0.1, "neither is BPDA"
