import keras
import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny networks
tf.config.threading.set_inter_op_parallelism_threads(1)
rng = np.random.default_rng(0)
K, SIGMA = 8, 0.05  # 8 Gaussian modes on a circle of radius 2
ANGLE = 2 * np.pi * np.arange(K) / K
CENTRES = 2.0 * np.stack([np.cos(ANGLE), np.sin(ANGLE)], 1)
S, B, Z, H = 3, 64, 4, 32  # seeds trained side by side, batch, noise size, width


def init(sizes):  # one MLP per seed: weights of shape (S, in, out)
    ps = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        ps += [rng.uniform(-1, 1, (S, i, o)) / np.sqrt(i), np.zeros((S, 1, o))]
    return [tf.Variable(p) for p in ps]


def mlp(ps, x):
    for j in range(0, len(ps), 2):
        x = tf.matmul(x, ps[j]) + ps[j + 1]
        x = tf.nn.relu(x) if j < len(ps) - 2 else x
    return x


def score(x):  # which modes are covered (>= 1% of samples within 3 sigma)
    d = np.linalg.norm(x[:, :, None] - CENTRES, axis=3)  # (S, n, K)
    good = d.min(2) < 3 * SIGMA  # high-quality samples
    counts = np.stack(
        [np.bincount(d[s].argmin(1)[good[s]], minlength=K) for s in range(S)]
    )
    return counts >= 0.01 * x.shape[1], good.mean(1)


G, D = init([Z, H, H, 2]), init([2, H, H, 1])  # generator, discriminator
opt_g = keras.optimizers.Adam(2e-3, beta_1=0.5)
opt_d = keras.optimizers.Adam(2e-3, beta_1=0.5)
softplus = tf.math.softplus  # -log sigmoid(t) = softplus(-t)


def train_step(x, z):
    # D step: -log D(x) - log(1 - D(G(z))); per-seed means summed over seeds
    fake = mlp(G, z)
    with tf.GradientTape() as tape:
        loss_d = softplus(-mlp(D, x)) + softplus(mlp(D, fake))
        loss_d = tf.reduce_sum(tf.reduce_mean(loss_d, (1, 2)))
    opt_d.apply_gradients(zip(tape.gradient(loss_d, D), D))
    # G step, non-saturating: -log D(G(z)), through the updated D
    with tf.GradientTape() as tape:
        loss_g = tf.reduce_sum(tf.reduce_mean(softplus(-mlp(D, mlp(G, z))), (1, 2)))
    opt_g.apply_gradients(zip(tape.gradient(loss_g, G), G))


@tf.function
def train_chunk(xs, zs):  # 250 steps in one graph call
    for i in tf.range(tf.shape(xs)[0]):
        train_step(xs[i], zs[i])


z_eval = tf.constant(rng.standard_normal((S, 2000, Z)))
print("step  modes covered (# = covered), 3 seeds   high-quality fraction")
history = []
for step in range(250, 2001, 250):
    xs = CENTRES[rng.integers(K, size=(250, S, B))]
    xs = xs + SIGMA * rng.standard_normal((250, S, B, 2))
    train_chunk(tf.constant(xs), tf.constant(rng.standard_normal((250, S, B, Z))))
    if step >= 1000:
        covered, quality = score(mlp(G, z_eval).numpy())
        history.append((covered, quality))
        rows = "  ".join(
            "".join(".#"[int(c)] for c in cs) + f" {cs.sum()}" for cs in covered
        )
        print(f"{step:4d}  {rows}   {np.round(quality, 2)}")

modes = np.array([h[0].sum(1) for h in history])  # (checkpoint, seed)
quality = np.array([h[1] for h in history])
cov = np.array([h[0] for h in history])  # (checkpoint, seed, mode)
lost = cov[:-1] & ~cov[1:]  # covered at one checkpoint, missing at the next
assert (modes[0] == 0).any(), "after 1000 steps some seed covers no mode at all"
assert modes[2].max() < 8, "after 1500 steps no seed covers all 8 modes yet"
assert modes[-1].max() >= 7 and quality[-1].max() > 0.5, "the best seed at 2000 steps"
assert modes[-1].min() < 8 and quality[-1].max() < 0.9, "short of a perfect generator"
assert lost.any(), "some mode covered at one checkpoint is lost at the next"
