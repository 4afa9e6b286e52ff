import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small model: one thread
tf.config.threading.set_inter_op_parallelism_threads(1)
keras.backend.set_floatx("float64")
digits = load_digits()
X, y = digits.data / 8.0 - 1.0, digits.target  # (1797, 64) in [-1, 1]
idx = rng.permutation(len(X))
tr, ho = idx[:1497], idx[1497:]  # 300 held-out digits
Xt, yt = X[tr], y[tr]
Z, H, B, STEPS = 16, 128, 64, 800

# generator input: noise and the one-hot label, concatenated (Mirza & Osindero)
z_in, c_in = keras.Input((Z,)), keras.Input((), dtype="int32")
g = layers.Concatenate()([z_in, ops.one_hot(c_in, 10)])
g = layers.ReLU()(layers.BatchNormalization()(layers.Dense(H)(g)))
G = keras.Model([z_in, c_in], layers.Dense(64, activation="tanh")(g))
# projection discriminator: logit = psi(h) + embed(c) . h
x_in, c_in = keras.Input((64,)), keras.Input((), dtype="int32")
h = layers.LeakyReLU(0.2)(layers.Dense(H)(x_in))
logit = layers.Dense(1)(h)[:, 0] + ops.sum(layers.Embedding(10, H)(c_in) * h, axis=1)
D = keras.Model([x_in, c_in], logit)
opt_g = keras.optimizers.Adam(1e-3, beta_1=0.5)
opt_d = keras.optimizers.Adam(1e-3, beta_1=0.5)
bce = keras.losses.BinaryCrossentropy(from_logits=True)
ones, zeros = tf.ones(B, tf.float64), tf.zeros(B, tf.float64)


@tf.function
def train_step(real, label, z, c):
    with tf.GradientTape() as tape:
        fake = G([z, c], training=True)
        loss_d = bce(ones, D([real, label])) + bce(zeros, D([fake, c]))
    opt_d.apply_gradients(
        zip(tape.gradient(loss_d, D.trainable_variables), D.trainable_variables)
    )
    with tf.GradientTape() as tape:
        # non-saturating generator loss
        loss_g = bce(ones, D([G([z, c], training=True), c]))
    opt_g.apply_gradients(
        zip(tape.gradient(loss_g, G.trainable_variables), G.trainable_variables)
    )


for _ in range(STEPS):
    j = rng.integers(len(Xt), size=B)
    c = rng.integers(10, size=B)  # labels the generator is asked for
    train_step(
        tf.constant(Xt[j]),
        tf.constant(yt[j], tf.int32),
        tf.constant(rng.standard_normal((B, Z))),
        tf.constant(c, tf.int32),
    )

# the judge: an ordinary classifier trained on the real training digits only
hidden = layers.Dense(64, activation="relu")
clf = keras.Sequential([keras.Input((64,)), hidden, layers.Dense(10)])
opt = keras.optimizers.Adam(1e-2)
ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function
def clf_step(x, t):
    with tf.GradientTape() as tape:
        loss = ce(t, clf(x))
    opt.apply_gradients(
        zip(tape.gradient(loss, clf.trainable_variables), clf.trainable_variables)
    )


for _ in range(200):  # full batch
    clf_step(tf.constant(Xt), tf.constant(yt))


def fid(a, b):  # Frechet distance between Gaussians fitted to two feature sets
    def cov(v):
        v = v - tf.reduce_mean(v, 0)
        return tf.transpose(v) @ v / (v.shape[0] - 1)

    Sa, Sb = cov(a), cov(b)
    w, Q = tf.linalg.eigh(Sa)
    r = Q @ tf.linalg.diag(tf.sqrt(tf.maximum(w, 0.0))) @ tf.transpose(Q)  # Sa^(1/2)
    # tr sqrt(Sa Sb) = sum of sqrt of the eigenvalues of Sa^(1/2) Sb Sa^(1/2)
    cross = tf.reduce_sum(tf.sqrt(tf.maximum(tf.linalg.eigvalsh(r @ Sb @ r), 0.0)))
    mu = tf.reduce_mean(a, 0) - tf.reduce_mean(b, 0)
    return tf.reduce_sum(mu**2) + tf.linalg.trace(Sa) + tf.linalg.trace(Sb) - 2 * cross


asked = np.repeat(np.arange(10), 100)  # 100 samples of each digit
samples = G([rng.standard_normal((1000, Z)), asked], training=False)
acc_real = (clf(X[ho]).numpy().argmax(1) == y[ho]).mean()
pred = clf(samples).numpy().argmax(1)
# FID in the judge's hidden-layer features (64 ReLU units), 300 samples per set
phi = hidden
ref = phi(Xt)
sets = {
    "real, held out": X[ho],
    "cGAN samples": tf.gather(samples, rng.permutation(1000)[:300]),
    "cGAN, all asked for 0": G(
        [rng.standard_normal((300, Z)), np.zeros(300, "int32")], training=False
    ),
}
fids = {n: float(fid(ref, phi(x))) for n, x in sets.items()}
hit = pred == asked
per_digit = hit.reshape(10, 100).mean(1)
print(f"classifier accuracy on held-out real digits: {acc_real:.2f}")
print(
    f"generated digits classified as the label asked for: {hit.mean():.2f} (chance 0.10)"
)
print(f"lowest rate of a single digit: {per_digit.min():.2f}")
for n, v in fids.items():
    print(f"FID to the training digits, {n:22s}: {v:6.1f}")
assert fids["real, held out"] < fids["cGAN samples"] < fids["cGAN, all asked for 0"], (
    "FID order"
)
assert acc_real > 0.9, "the judge is a good classifier"
assert hit.mean() > 0.8, "the generator follows the label"
