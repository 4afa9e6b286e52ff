import math

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
N, D = 8, 16  # 8 images, two views each
a = rng.normal(size=(N, D))
views = {
    "matched": (a, a + 0.3 * rng.normal(size=(N, D))),  # view 2 close to view 1
    "unrelated": (a, rng.normal(size=(N, D))),
}  # view 2 unrelated


def nt_xent_formula(z1, z2, tau):
    z = tf.math.l2_normalize(tf.concat([z1, z2], 0), axis=1)  # 2N unit vectors
    sim = z @ tf.transpose(z) / tau  # cosine similarity / tau
    losses = []
    for i in range(2 * N):
        pos = (i + N) % (2 * N)  # the other view of image i
        others = [k for k in range(2 * N) if k != i]
        losses.append(-sim[i, pos] + tf.reduce_logsumexp(tf.gather(sim[i], others)))
    return tf.reduce_mean(tf.stack(losses))


def nt_xent_ce(z1, z2, tau):  # the same as a cross-entropy
    z = tf.math.l2_normalize(tf.concat([z1, z2], 0), axis=1)
    sim = z @ tf.transpose(z) / tau
    sim = tf.where(tf.eye(2 * N, dtype=tf.bool), tf.constant(-np.inf, tf.float64), sim)
    target = np.concatenate([np.arange(N, 2 * N), np.arange(0, N)])
    return tf.reduce_mean(
        keras.losses.sparse_categorical_crossentropy(target, sim, from_logits=True)
    )


out = []
for name, (v1, v2) in views.items():
    for tau in [0.1, 0.5, 1.0]:
        z1, z2 = tf.constant(v1), tf.constant(v2)
        f, c = nt_xent_formula(z1, z2, tau), nt_xent_ce(z1, z2, tau)
        assert abs(float(f - c)) < 1e-12, "formula and cross-entropy agree"
        out.append(float(c))
        print(f"{name:9s} tau={tau:.1f}: loss {float(c):.4f}")
print(f"log(2N-1) = {math.log(2 * N - 1):.4f}  (all similarities equal)")
result = np.array(out)

assert all(m < u for m, u in zip(out[:3], out[3:])), "matched views give a lower loss"
assert out[0] < 0.1 < math.log(2 * N - 1) < out[3], (
    "small tau: sharp in both directions"
)
