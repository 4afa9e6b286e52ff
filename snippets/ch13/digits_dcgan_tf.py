import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small model: one thread
tf.config.threading.set_inter_op_parallelism_threads(1)
keras.backend.set_floatx("float64")
digits = load_digits()
X = digits.images / 8.0 - 1.0  # pixels 0..16 -> [-1, 1], to match tanh
idx = rng.permutation(len(X))
train, held = X[idx[:1500]], X[idx[1500:]]  # 297 held-out digits
Xt = train[..., None]  # (1500, 8, 8, 1), channels last
Z, B, STEPS = 16, 64, 300

# z -> 2x2x32 -> 4x4x16 -> 8x8x1
G = keras.Sequential(
    [
        keras.Input((Z,)),
        layers.Dense(2 * 2 * 32),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Reshape((2, 2, 32)),
        layers.Conv2DTranspose(16, 4, strides=2, padding="same"),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh"),
    ]
)
# 8x8x1 -> 4x4x16 -> 2x2x32 -> one logit; strided convs, no pooling
D = keras.Sequential(
    [
        keras.Input((8, 8, 1)),
        layers.Conv2D(16, 3, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Conv2D(32, 3, strides=2, padding="same"),
        layers.BatchNormalization(),
        layers.LeakyReLU(0.2),
        layers.Flatten(),
        layers.Dense(1),
    ]
)
opt_g = keras.optimizers.Adam(1e-3, beta_1=0.5)
opt_d = keras.optimizers.Adam(1e-3, beta_1=0.5)
bce = keras.losses.BinaryCrossentropy(from_logits=True)


@tf.function
def train_step(real, z):
    # discriminator step: real -> 1, fake -> 0 (only D's weights are updated)
    with tf.GradientTape() as tape:
        fake = G(z, training=True)
        logit_real = D(real, training=True)
        logit_fake = D(fake, training=True)
        loss_d = bce(tf.ones_like(logit_real), logit_real) + bce(
            tf.zeros_like(logit_fake), logit_fake
        )
    opt_d.apply_gradients(
        zip(tape.gradient(loss_d, D.trainable_variables), D.trainable_variables)
    )
    # generator step, non-saturating loss: make D call the fakes real
    with tf.GradientTape() as tape:
        logit_fake = D(G(z, training=True), training=True)
        loss_g = bce(tf.ones_like(logit_fake), logit_fake)
    opt_g.apply_gradients(
        zip(tape.gradient(loss_g, G.trainable_variables), G.trainable_variables)
    )
    return loss_d, tf.reduce_mean(tf.sigmoid(logit_real))


d_loss, d_real = [], []
for _ in range(STEPS):
    real = tf.constant(Xt[rng.integers(len(Xt), size=B)])
    ld, dr = train_step(real, tf.constant(rng.standard_normal((B, Z))))
    d_loss.append(float(ld))
    d_real.append(float(dr))

# training=False: batch norm now uses its moving statistics
samples = G(rng.standard_normal((1000, Z)), training=False).numpy().reshape(-1, 64)


def nearest(a, ref):  # distance to, and index of, the nearest row of ref
    d2 = (a**2).sum(1)[:, None] - 2 * a @ ref.T + (ref**2).sum(1)[None]
    j = d2.argmin(1)
    return np.sqrt(np.maximum(d2[np.arange(len(a)), j], 0)), j


ref = train.reshape(-1, 64)
y_ref = digits.target[idx[:1500]]
noise = rng.uniform(-1, 1, (1000, 64))
dist = {
    n: nearest(s, ref)[0].mean()
    for n, s in [
        ("held-out real", held.reshape(-1, 64)),
        ("generated", samples),
        ("uniform noise", noise),
    ]
}
share = np.bincount(y_ref[nearest(samples, ref)[1]], minlength=10) / len(samples)
print(
    f"D loss, first/last 50 steps: {np.mean(d_loss[:50]):.2f} / {np.mean(d_loss[-50:]):.2f}"
    f" (log 4 = {np.log(4):.2f})"
)
print(f"D(real), last 50 steps: {np.mean(d_real[-50:]):.2f}")
for name, v in dist.items():
    print(f"mean distance to nearest training digit, {name:13s}: {v:.1f}")
print(
    f"digit classes among 1000 samples (label of nearest training digit): {(share > 0.02).sum()}"
)
print(f"largest class share: {share.max():.2f}")
assert dist["generated"] < 0.5 * dist["uniform noise"], "samples lie near the digits"
assert dist["generated"] > 0.5 * dist["held-out real"], "samples are not copies"
assert (share > 0.02).sum() == 10 and share.max() < 0.3, "no class is dropped"
