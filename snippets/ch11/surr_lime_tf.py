import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small tensors
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

# Digits as 64 pixels in [0, 1]; blank background = 0
digits = load_digits()
X = digits.data / 16.0
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
# MLP 64 -> 32 -> 32 -> 10 (ReLU); initial weights from NumPy, shared with TF
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
xtr, ytr_t = tf.constant(Xtr), tf.constant(ytr)
opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = loss_fn(ytr_t, model(xtr))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))


for _step in range(300):  # full batch: deterministic, so both frameworks agree
    train_step()


def logits(images):
    return model(tf.constant(images), training=False).numpy()


print(f"test accuracy: {(logits(Xte).argmax(1) == yte).mean():.3f}")

# 16 superpixels: the 2x2 blocks of the 8x8 image
block = (np.arange(64) // 8 // 2) * 4 + (np.arange(64) % 8) // 2  # pixel -> superpixel
x = Xte[0]
c = logits(x[None])[0].argmax()  # explain the predicted class
print(f"explained image: label {yte[0]}, predicted {c}")


def lime(n_samples, width, seed):
    """LIME: switch superpixels off, weight by closeness, fit a weighted ridge."""
    r = np.random.default_rng(seed)
    z = r.integers(0, 2, size=(n_samples, 16))  # 1 = superpixel kept
    z[0] = 1  # the image itself
    y = logits(x * z[:, block])[:, c]  # off = set to 0, the background
    dist = 1 - np.sqrt(z.sum(1) / 16)  # cosine distance between z and all-ones
    w = np.exp(-(dist**2) / width**2)  # exponential kernel
    surrogate = Ridge(alpha=1.0).fit(z, y, sample_weight=w)
    return surrogate.coef_, surrogate.score(z, y, sample_weight=w)


coef, r2 = lime(1000, 0.25, seed=0)
top = np.argsort(-coef)[:4]


def cells(ks):  # superpixel index -> (row, col) of the 4x4 grid
    return sorted((int(k) // 4, int(k) % 4) for k in ks)


print("top superpixels (row, col):", [(int(k) // 4, int(k) % 4) for k in top])
print("their weights:", coef[top].round(2))
print(f"local fidelity (weighted R^2): {r2:.2f}")


def top(coef, k):
    return set(np.argsort(-coef)[:k].tolist())


# Instability: the same explanation with other random samples or kernel widths
overlap = {}
for n in (30, 100, 1000):
    sets = [top(lime(n, 0.25, seed)[0], 5) for seed in range(5)]
    overlap[n] = np.mean(
        [len(a & b) / 5 for i, a in enumerate(sets) for b in sets[i + 1 :]]
    )
    print(f"{n:>5} samples, 5 seeds: mean top-5 overlap {overlap[n]:.2f}")
tops, fits = {}, {}
for width in (0.05, 0.25, 1.0):
    coef_w, fits[width] = lime(1000, width, seed=0)
    tops[width] = top(coef_w, 3)
    print(f"kernel width {width:<4}: top-3 {cells(tops[width])}, R^2 {fits[width]:.2f}")

result = {"coef": coef}
assert r2 > 0.8, "the surrogate fits the network well near this image"
assert overlap[30] < 0.9 and overlap[1000] == 1.0, "few samples: unstable top-5"
assert tops[0.05] != tops[0.25] and fits[0.05] < 0.5, "a tiny width changes the answer"
assert tops[0.25] == tops[1.0] == top(coef, 3), "wider kernels agree here"
