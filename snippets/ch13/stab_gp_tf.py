import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

# A fixed critic 2 -> 32 -> 32 -> 1 (ReLU), weights drawn in NumPy
sizes = [2, 32, 32, 1]
Ws = [rng.normal(0, 1 / np.sqrt(i), (i, o)) for i, o in zip(sizes[:-1], sizes[1:])]
bs = [rng.normal(0, 0.1, o) for o in sizes[1:]]


def critic(x):
    for k, (W, b) in enumerate(zip(Ws, bs)):
        x = x @ tf.constant(W) + tf.constant(b)
        if k < len(Ws) - 1:
            x = tf.nn.relu(x)
    return x[:, 0]


# Six real points on the ring, six fake ones, one interpolate between each pair
angle = 2 * np.pi * rng.integers(8, size=6) / 8
real = 2 * np.stack([np.cos(angle), np.sin(angle)], 1) + 0.02 * rng.normal(size=(6, 2))
fake = 0.5 * rng.normal(size=(6, 2))
eps = rng.random((6, 1))
x_hat = tf.constant(eps * real + (1 - eps) * fake)
with tf.GradientTape() as tape:
    tape.watch(x_hat)
    d = critic(x_hat)
grad = tape.gradient(d, x_hat)  # one row per interpolate
norms = tf.norm(grad, axis=1)
penalty = 10.0 * tf.reduce_mean((norms - 1.0) ** 2)  # lambda = 10
print("gradient norms at x_hat:", np.round(norms.numpy(), 3))
print("penalty 10*mean((norm-1)^2):", round(float(penalty), 4))

# Spectral norm: power iteration against the SVD
W = tf.constant(rng.normal(size=(64, 32)))
u = tf.constant(rng.normal(size=(32,)))
sigma_svd = np.linalg.svd(W.numpy(), compute_uv=False)[0]
estimates = []
for k in range(1, 101):
    v = tf.linalg.matvec(W, u)
    v = v / tf.norm(v)
    u = tf.linalg.matvec(W, v, transpose_a=True)
    u = u / tf.norm(u)
    sigma = tf.tensordot(v, tf.linalg.matvec(W, u), 1)
    estimates.append(float(sigma))
    if k in (1, 5, 20, 100):
        print(f"power iteration {k:3d}: sigma = {float(sigma):.4f}")
print(f"SVD largest singular value: {sigma_svd:.4f}")
top = np.linalg.svd(W.numpy() / estimates[-1], compute_uv=False)[0]
print(f"after W / sigma: {top:.4f}")

# The Keras layer (dtype float64 to match); it overwrites its kernel with W / sigma
layer = keras.layers.SpectralNormalization(keras.layers.Dense(64, dtype="float64"))
layer.build((None, 32))
layer.layer.kernel.assign(tf.transpose(W))  # Keras kernels are (in, out)
x = tf.constant(rng.normal(size=(4, 32)))
for _ in range(30):
    layer(x, training=True)
top_keras = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0]
print(f"keras SpectralNormalization kernel: {top_keras:.4f}")

result = {
    "norms": norms.numpy(),
    "penalty": penalty.numpy(),
    "sigma": np.array(estimates),
}
assert penalty > 0, "the critic is not 1-Lipschitz along these lines"
assert estimates[0] < estimates[-1] <= sigma_svd + 1e-12, "estimates grow to sigma"
assert abs(estimates[-1] - sigma_svd) < 1e-4, "100 iterations reach the SVD"
assert abs(top - 1) < 1e-4 and abs(top_keras - 1) < 1e-2, "normalized to 1"
