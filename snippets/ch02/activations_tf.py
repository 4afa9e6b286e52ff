import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

SEED = 0
WIDTH, DEPTHS, BATCH = 32, [2, 5, 10, 20], 256

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)

digits = load_digits()
x = tf.constant(digits.data[:BATCH] / 16.0)  # float64, pixels in [0, 1]
y = tf.constant(digits.target[:BATCH])


def he_normal(fan_in, fan_out):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


def first_layer_grad_norm(weights, activation):
    """Norm of dL/dW for the FIRST layer of a plain MLP, after one batch."""
    params = [tf.Variable(w) for w in weights]
    with tf.GradientTape() as tape:
        h = x
        for w in params[:-1]:
            h = activation(h @ w)  # hidden layers (biases are 0 here; left out)
        logits = h @ params[-1]  # linear output layer
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
    return float(tf.norm(tape.gradient(loss, params[0])))


rows = []
for depth in DEPTHS:
    # One set of weights per depth, shared by both activations
    sizes = [64] + [WIDTH] * depth + [10]
    weights = [he_normal(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    rows.append([first_layer_grad_norm(weights, f) for f in (tf.sigmoid, tf.nn.relu)])
result = np.array(rows)

print("first-layer gradient norm after one batch (same weights, He init)")
print(f"{'hidden layers':>13}{'sigmoid':>11}{'ReLU':>11}{'ReLU/sigmoid':>14}")
for depth, (sig, relu) in zip(DEPTHS, result):
    print(f"{depth:>13}{sig:>11.2e}{relu:>11.2e}{relu / sig:>14.1e}")

sig, relu = result[:, 0], result[:, 1]
assert np.all(np.diff(sig) < 0), "with sigmoid, every extra layer shrinks the gradient"
assert sig[-1] < 1e-6 * sig[0], "20 sigmoid layers: over a million times smaller"
assert np.all((relu > 0.2) & (relu < 2)), "ReLU: the same order at every depth"
