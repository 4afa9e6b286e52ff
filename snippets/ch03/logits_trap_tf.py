import math

import keras
import numpy as np
import tensorflow as tf

SEED = 0
N, K = 8, 10  # 8 examples, 10 classes
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

logits_np = (2.0 * rng.standard_normal((N, K))).astype(np.float32)
labels_np = rng.integers(0, K, size=N)
logits, labels = tf.constant(logits_np), tf.constant(labels_np)

# Cross-entropy by hand: log-sum-exp of the logits minus the true class's logit
by_hand = np.mean(
    np.log(np.exp(logits_np).sum(axis=1)) - logits_np[np.arange(N), labels_np]
)
ce_logits = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
ce_probs = keras.losses.SparseCategoricalCrossentropy()  # from_logits=False
right = float(ce_logits(labels, logits))
probs = tf.nn.softmax(logits)
via_probs = float(ce_probs(labels, probs))  # same loss, from probabilities
double = float(ce_logits(labels, probs))  # bug: softmax applied twice
silent = float(ce_probs(labels, logits))  # bug: logits read as probabilities

# Gradient that reaches the logits, right vs double softmax
z = tf.Variable(logits_np)
with tf.GradientTape(persistent=True) as tape:
    loss_right = ce_logits(labels, z)
    loss_double = ce_logits(labels, tf.nn.softmax(z))
grad_right = float(tf.norm(tape.gradient(loss_right, z)))
grad_double = float(tf.norm(tape.gradient(loss_double, z)))

# A perfect, confident model: logit 20 on the true class, 0 elsewhere
perfect = 20.0 * tf.one_hot(labels, K)
perfect_right = float(ce_logits(labels, perfect))
perfect_double = float(ce_logits(labels, tf.nn.softmax(perfect)))
floor = math.log(math.e + K - 1) - 1  # best loss a double softmax can reach

print(f"cross-entropy by hand (NumPy)      {by_hand:.4f}")
print(f"from_logits=True on logits         {right:.4f}")
print(f"from_logits=False on softmax       {via_probs:.4f}")
print(f"from_logits=True on softmax        {double:.4f}  <- double softmax")
print(f"from_logits=False on logits        {silent:.4f}  <- no error, wrong")
print(f"gradient norm: right {grad_right:.4f}, double softmax {grad_double:.4f}")
print(f"perfect model: right {perfect_right:.4f}, double softmax {perfect_double:.4f}")
print(f"floor of the double softmax: log(e + K - 1) - 1 = {floor:.4f}")

# Binary: from_logits=True on logits, or the default on sigmoid probabilities
y01 = (labels_np % 2).astype(np.float32)[:, None]
z1 = logits_np[:, :1]
bce_logits = float(keras.losses.BinaryCrossentropy(from_logits=True)(y01, z1))
bce_probs = float(keras.losses.BinaryCrossentropy()(y01, tf.sigmoid(z1)))
bce_silent = float(keras.losses.BinaryCrossentropy()(y01, z1))  # clipped logits
print(f"binary: with logits {bce_logits:.4f}, from sigmoid {bce_probs:.4f}")
print(f"binary, logits read as probabilities: {bce_silent:.4f}  <- no error, wrong")

result = np.array([by_hand, right, double, perfect_right, perfect_double])

assert abs(right - by_hand) < 1e-5, "from_logits=True is CE on logits"
assert abs(via_probs - right) < 1e-4, "CE from probabilities is the same"
assert double != right and silent != right, "both mix-ups give another number"
assert grad_double < grad_right / 3, "double softmax shrinks the gradient"
assert perfect_right < 1e-6, "a perfect model has loss ~0"
assert abs(perfect_double - floor) < 1e-4, "double softmax cannot go below its floor"
assert abs(bce_logits - bce_probs) < 1e-4, "the two binary losses agree"
assert abs(bce_silent - bce_logits) > 0.1, "the silent mix-up is far off"
