import keras
import numpy as np
import tensorflow as tf
from scipy.stats import rankdata
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

x = xte[:200]  # the first 200 test images
c = tf.constant(yte[:200])  # explain the true class


@tf.function
def grads():
    with tf.GradientTape() as tape:
        tape.watch(x)
        f = tf.reduce_sum(tf.gather(model(x), c, batch_dims=1))
    return tape.gradient(f, x)


def maps():
    g = grads()
    return tf.abs(g).numpy(), tf.abs(g * x).numpy()  # saliency, |grad x input|


def spearman(a, b):  # Pearson correlation of the ranks (ties share a rank)
    return np.corrcoef(rankdata(a), rankdata(b))[0, 1]


def mean_rank_corr(a, b, on_ink=False):
    ink = x.numpy() > 0
    pick = [ink[n] if on_ink else slice(None) for n in range(len(a))]
    return np.mean([spearman(a[n][pick[n]], b[n][pick[n]]) for n in range(len(a))])


sal0, gxi0 = maps()
# Model randomization test (Adebayo et al. 2018): re-draw the weights layer by
# layer from the top, with fresh He-initialized NumPy weights
print("rank correlation with the trained model's maps")
print("randomized   saliency  |grad x input|  same, inked pixels only")
corr = {}
for name, k in [("output", 2), ("+ hidden 2", 1), ("+ hidden 1", 0)]:
    layer = model.layers[k]
    n_in, n_out = layer.kernel.shape
    W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
    layer.kernel.assign(W)
    sal, gxi = maps()
    corr[name] = [
        mean_rank_corr(sal, sal0),
        mean_rank_corr(gxi, gxi0),
        mean_rank_corr(gxi, gxi0, on_ink=True),
    ]
    print(
        f"{name:10s}  {corr[name][0]:9.2f}  {corr[name][1]:14.2f}  {corr[name][2]:9.2f}"
    )
# What |grad x input| keeps after full randomization: the image itself
ink = mean_rank_corr(x.numpy(), gxi0)
print(f"trained |grad x input| vs the image itself: {ink:.2f}")

result = {"corr": np.array(list(corr.values()))}
assert acc > 0.9, "the MLP classifies the digits"
assert corr["+ hidden 1"][0] < 0.3, "saliency of a random network differs"
assert corr["+ hidden 1"][1] > 0.7, (
    "|grad x input| of a random network keeps the digit's shape"
)
assert corr["+ hidden 1"][2] < 0.5, "on the inked pixels, much of it changes"
