import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small tensors
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

# Digits as 64 pixels in [0, 1]; blank background = 0, so the black image is 0.
digits = load_digits()
X = digits.data / 16.0
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
# MLP 64 -> 32 -> 32 -> 10 (ReLU); initial weights from NumPy, shared with PyTorch
model = keras.Sequential(
    [
        keras.Input((64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10),
    ]
)
for layer in model.layers:
    n_in, n_out = layer.kernel.shape
    W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))  # He initialization
    layer.set_weights([W, np.zeros(n_out)])

# Full-batch SGD with momentum: deterministic, so both frameworks agree
xtr, ytr_t = tf.constant(Xtr), tf.constant(ytr)
opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = loss_fn(ytr_t, model(xtr))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))


for _step in range(300):
    train_step()
xte = tf.constant(Xte)
acc = (np.argmax(model(xte), 1) == yte).mean()
print(f"test accuracy: {acc:.3f}")

x = xte[:100]  # the first 100 test images
c = tf.constant(yte[:100])  # explain the true class


def f_c(z):
    return tf.gather(model(z), c, batch_dims=1)


@tf.function
def grad_of_logit(z):
    with tf.GradientTape() as tape:
        tape.watch(z)
        f = tf.reduce_sum(f_c(z))  # sum over images: one backward
    return tape.gradient(f, z)


g = grad_of_logit(x)
saliency = tf.abs(g)  # Simonyan et al. 2014
grad_x_input = g * x
# Where does saliency point? Share of its top-10 pixels that are blank in x
top = tf.argsort(saliency, axis=1, direction="DESCENDING")[:, :10]
blank = float(tf.reduce_mean(tf.cast(tf.gather(x, top, batch_dims=1) == 0, tf.float64)))
print(f"saliency top-10 pixels that are blank: {blank:.2f}")
gxi_blank = float(tf.reduce_max(tf.abs(grad_x_input[x == 0])))
print(f"grad x input on blank pixels: {gxi_blank:.1f}")

# Integrated gradients, black baseline, trapezoid rule over m steps
baseline = tf.zeros_like(x)
target = f_c(x) - f_c(baseline)


def integrated_gradients(m):
    alphas = np.linspace(0, 1, m + 1)
    grads = tf.stack([grad_of_logit(baseline + a * (x - baseline)) for a in alphas])
    avg = tf.reduce_sum(grads[:-1] + grads[1:], 0) / (2 * m)  # trapezoid average
    return (x - baseline) * avg


print("IG: max over 100 images of |sum(IG) - (f(x) - f(0))|")
print("steps  absolute  relative")
errors, rel = {}, {}
for m in [4, 16, 64, 256]:
    err = tf.abs(tf.reduce_sum(integrated_gradients(m), 1) - target)
    errors[m] = float(tf.reduce_max(err))
    rel[m] = float(tf.reduce_max(err / tf.abs(target)))
    print(f"{m:5d}  {errors[m]:8.4f}  {100 * rel[m]:7.2f}%")
gap = float(tf.reduce_max(tf.abs(tf.reduce_sum(grad_x_input, 1) - target)))
print(f"grad x input, same check: {gap:.2f}")
print(f"mean f(x) - f(0): {float(tf.reduce_mean(target)):.2f}")

result = {
    "saliency": saliency[:5].numpy(),
    "ig64": integrated_gradients(64)[:5].numpy(),
    "errors": np.array(list(errors.values())),
}
assert acc > 0.9, "the MLP classifies the digits"
assert blank > 0.3, "saliency also points at blank pixels"
assert gxi_blank == 0, "grad x input is zero on blank pixels"
assert errors[256] < 0.05 * errors[4], "the completeness error shrinks with steps"
assert rel[256] < 0.001, "256 steps: completeness within 0.1% of f(x) - f(0)"
assert gap > 10 * errors[256], "grad x input is far from complete"
