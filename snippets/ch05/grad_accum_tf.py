import keras
import numpy as np
import tensorflow as tf

SEED = 0
BATCH, K = 64, 4  # one batch of 64 = 4 micro-batches of 16
MICRO = BATCH // K

keras.utils.set_random_seed(SEED)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(SEED)
x_np = rng.standard_normal((BATCH, 8))
y_np = x_np @ rng.standard_normal(8) + 0.1 * rng.standard_normal(BATCH)
W1, W2 = rng.normal(0.0, 0.5, (8, 16)), rng.normal(0.0, 0.5, (16, 1))
x, y = tf.constant(x_np), tf.constant(y_np)
micro_batches = [(x[i : i + MICRO], y[i : i + MICRO]) for i in range(0, BATCH, MICRO)]


def make_model(batchnorm=False):
    """8 -> 16 -> 1 network with the same NumPy weights in both frameworks."""
    first, last = keras.layers.Dense(16), keras.layers.Dense(1)
    middle = [keras.layers.BatchNormalization(epsilon=1e-5)] if batchnorm else []
    model = keras.Sequential(
        [keras.Input((8,)), first, *middle, keras.layers.Activation("tanh"), last]
    )
    first.set_weights([W1, np.zeros(16)])
    last.set_weights([W2, np.zeros(1)])
    return model


def loss_fn(model, xb, yb):
    return tf.reduce_mean((model(xb, training=True)[:, 0] - yb) ** 2)  # a mean


def gradients(model, xb, yb, scale=1.0):
    with tf.GradientTape() as tape:
        loss = loss_fn(model, xb, yb) * scale
    return tape.gradient(loss, model.trainable_variables)


def flat(grads):
    return tf.concat([tf.reshape(g, [-1]) for g in grads], axis=0)


def big_batch_gradient(batchnorm=False):
    return flat(gradients(make_model(batchnorm), x, y))


def accumulated_gradient(batchnorm=False, divide=True):
    """One tape per micro-batch; the gradients are added up by hand."""
    model = make_model(batchnorm)
    total = [tf.zeros_like(v) for v in model.trainable_variables]
    for xb, yb in micro_batches:
        grads = gradients(model, xb, yb, scale=1 / K if divide else 1.0)
        total = [t + g for t, g in zip(total, grads)]
    return flat(total)


g_big = big_batch_gradient()
g_acc = accumulated_gradient()
g_sum = accumulated_gradient(divide=False)
g_bn_big = big_batch_gradient(batchnorm=True)
g_bn_acc = accumulated_gradient(batchnorm=True)
diff = float(tf.reduce_max(tf.abs(g_acc - g_big)))
ratio = float(tf.norm(g_sum) / tf.norm(g_big))
bn_gap = float(tf.norm(g_bn_acc - g_bn_big) / tf.norm(g_bn_big))

# Keras optimizers accumulate by themselves: gradient_accumulation_steps=K
# updates the weights on every K-th call, with the mean of the K gradients.
LR = 0.1
accumulating, whole = make_model(), make_model()
start = [v.numpy() for v in accumulating.trainable_variables]
optimizer = keras.optimizers.SGD(LR, gradient_accumulation_steps=K)
waited = True
for i, (xb, yb) in enumerate(micro_batches):
    grads = gradients(accumulating, xb, yb)  # no / K: the optimizer averages
    optimizer.apply_gradients(zip(grads, accumulating.trainable_variables))
    if i < K - 1:
        waited &= all(
            np.array_equal(v.numpy(), s)
            for v, s in zip(accumulating.trainable_variables, start)
        )
reference = keras.optimizers.SGD(LR)
reference.apply_gradients(zip(gradients(whole, x, y), whole.trainable_variables))
step_diff = max(
    np.abs(a.numpy() - b.numpy()).max()
    for a, b in zip(accumulating.trainable_variables, whole.trainable_variables)
)
result = g_acc.numpy()

print(f"a batch of {BATCH} as {K} micro-batches of {MICRO}")
print(f"accumulated gradient (each loss / {K}) = gradient of the batch: {diff < 1e-12}")
print(f"without the / {K}, the sum is {ratio:.3f} times the gradient of the batch")
print(f"with BatchNorm, accumulated differs from the batch's gradient by {bn_gap:.0%}")
print(f"SGD(gradient_accumulation_steps={K}) waits {K - 1} micro-batches: {waited}")
print(f"then one step = one step on the batch: {step_diff < 1e-12}")
assert diff < 1e-12, "accumulating mean losses / K gives the big batch's gradient"
assert abs(ratio - K) < 1e-9, "forgetting / K multiplies the gradient by K"
assert bn_gap > 0.05, "BatchNorm's per-micro-batch statistics change the gradient"
assert waited, "the optimizer must not update before the K-th micro-batch"
assert step_diff < 1e-12, "so the optimizer step is the big batch's step"
