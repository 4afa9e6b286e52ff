import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
# book: tolerance ±5%

# The ring: 8 Gaussians of std 0.02 on a circle of radius 2
angles = 2 * np.pi * np.arange(8) / 8
centres = 2 * np.stack([np.cos(angles), np.sin(angles)], 1)


def real_batch(n):
    return centres[rng.integers(8, size=n)] + 0.02 * rng.normal(size=(n, 2))


def fake_batch(n):  # a generator at the start: a blob at the origin
    return 0.3 * rng.normal(size=(n, 2))


def new_net():  # 2 -> 64 -> 64 -> 1, weights drawn in NumPy
    params = []
    for i, o in [(2, 64), (64, 64), (64, 1)]:
        params.append(tf.Variable(rng.uniform(-1, 1, (i, o)) / np.sqrt(i)))
        params.append(tf.Variable(np.zeros(o)))
    return params


def net(p, x):
    h = tf.nn.relu(x @ p[0] + p[1])
    h = tf.nn.relu(h @ p[2] + p[3])
    return (h @ p[4] + p[5])[:, 0]


LOSSES = {
    "saturating log(1-D)": lambda s: -tf.nn.softplus(s),
    "non-saturating -log D": lambda s: tf.nn.softplus(-s),
    "WGAN -f": lambda s: -s,
}


def gen_grads(p, x):
    """Mean norm of d loss / d x at fake points for three generator losses."""
    out = {}
    for name, fn in LOSSES.items():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(fn(net(p, x)))
        out[name] = float(tf.reduce_mean(tf.norm(tape.gradient(y, x), axis=1)))
    return out


def make_step(p, opt, kind):
    @tf.function
    def step(x, f, e):
        with tf.GradientTape() as tape:
            if kind == "GAN discriminator":  # BCE with logits
                loss = tf.reduce_mean(tf.nn.softplus(-net(p, x)))
                loss += tf.reduce_mean(tf.nn.softplus(net(p, f)))
            else:
                xh = e * x + (1 - e) * f
                with tf.GradientTape() as inner:
                    inner.watch(xh)
                    d = tf.reduce_sum(net(p, xh))
                g = inner.gradient(d, xh)
                gp = 10 * tf.reduce_mean((tf.norm(g, axis=1) - 1) ** 2)
                loss = tf.reduce_mean(net(p, f)) - tf.reduce_mean(net(p, x)) + gp
        opt.apply_gradients(zip(tape.gradient(loss, p), p))

    return step


x_eval = tf.constant(fake_batch(1000))
table = {}
for kind in ["GAN discriminator", "WGAN-GP critic"]:
    p = new_net()
    opt = keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.5, beta_2=0.9)
    step_fn = make_step(p, opt, kind)
    for step in range(1, 501):
        x, f = tf.constant(real_batch(256)), tf.constant(fake_batch(256))
        e = tf.constant(rng.random((256, 1)))
        step_fn(x, f, e)
        if step in (10, 100, 500):
            table[kind, step] = gen_grads(p, x_eval)

print("mean |gradient| reaching the generator's samples")
for kind, losses in [
    ("GAN discriminator", ["saturating log(1-D)", "non-saturating -log D"]),
    ("WGAN-GP critic", ["WGAN -f"]),
]:
    for name in losses:
        row = [f"{table[kind, s][name]:9.2e}" for s in (10, 100, 500)]
        print(f"{name:22s} after 10/100/500 steps:", " ".join(row))

sat = [table["GAN discriminator", s]["saturating log(1-D)"] for s in (10, 100, 500)]
wg = [table["WGAN-GP critic", s]["WGAN -f"] for s in (10, 100, 500)]
assert sat[2] < 1e-2 * sat[1], "the saturating loss's gradient vanishes"
assert all(0.5 < w < 1.5 for w in wg[1:]), "the critic's gradient stays near 1"
