import keras
import numpy as np
import tensorflow as tf
from scipy.stats import spearmanr
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


# Occlusion (Zeiler and Fergus 2014): black out each 2x2 patch, watch the logit drop
fx = f_c(x)
occlusion = np.zeros((100, 4, 4))
for i in range(4):
    for j in range(4):
        mask = np.ones((8, 8))
        mask[2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = 0
        occlusion[:, i, j] = fx - f_c(x * mask.reshape(64))


# Integrated gradients (black baseline, 64 trapezoid steps), summed per patch
@tf.function
def grad_of_logit(z):
    with tf.GradientTape() as tape:
        tape.watch(z)
        f = tf.reduce_sum(f_c(z))
    return tape.gradient(f, z)


grads = tf.stack([grad_of_logit(a * x) for a in np.linspace(0, 1, 65)])
ig = x * tf.reduce_sum(grads[:-1] + grads[1:], 0) / (2 * 64)  # trapezoid
ig_patch = tf.reduce_sum(tf.reshape(ig, (-1, 4, 2, 4, 2)), (2, 4)).numpy()

k = 0  # the first test image
print(f"image 0: digit {yte[k]}, logit {float(fx[k]):.1f}")
print("logit drop when a 2x2 patch is blacked out:")
print(np.round(occlusion[k], 1) + 0.0)  # + 0.0: no -0.0
print("integrated gradients summed over the same patches:")
print(np.round(ig_patch[k], 1) + 0.0)
occ, igp = occlusion.reshape(100, 16), ig_patch.reshape(100, 16)
blank = (x.numpy().reshape(-1, 4, 2, 4, 2).sum((2, 4)) == 0).reshape(100, 16)
print(
    f"blank patches: {blank.mean():.2f} of all; largest |drop| on them: "
    f"{np.abs(occ[blank]).max():.1f}"
)
# Rank agreement on the patches that hold ink, averaged over the 100 images
rho = np.mean([spearmanr(occ[n][~blank[n]], igp[n][~blank[n]])[0] for n in range(100)])
print(f"mean rank correlation on inked patches, occlusion vs IG: {rho:.2f}")

result = {"occlusion": occ, "ig_patch": igp}
assert acc > 0.9, "the MLP classifies the digits"
assert rho > 0.8, "occlusion and IG rank the patches alike"
assert np.abs(occ[blank]).max() == 0, "blacking out a blank patch changes nothing"
