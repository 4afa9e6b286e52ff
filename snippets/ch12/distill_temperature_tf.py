import numpy as np
import tensorflow as tf

# a teacher's logits for an image of a 7 that looks a little like a 1 and a 9
z_t = tf.constant([-2.0, 3.0, -1.0, 1.0, -3.0, -1.0, -4.0, 9.0, 0.0, 2.0], tf.float64)
rng = np.random.default_rng(0)
z_s0 = tf.constant(rng.normal(size=10))  # a student's logits
K = len(z_t)

probs, norms, scaled = [], [], []
for T in [1, 2, 4, 8, 32]:
    p_t = tf.nn.softmax(z_t / T)
    z_s = tf.Variable(z_s0)
    with tf.GradientTape() as tape:
        # KL(p_t || p_s) from log-probabilities (keras.losses.KLDivergence clips at 1e-7)
        kl = tf.reduce_sum(p_t * (tf.math.log(p_t) - tf.nn.log_softmax(z_s / T)))
    grad = tape.gradient(kl, z_s)
    p_s = tf.nn.softmax(z_s0 / T)
    assert np.allclose(grad, (p_s - p_t) / T, atol=1e-12), "dKL/dz_s = (p_s - p_t)/T"
    # the large-T limit: T^2 * gradient -> (z_s - z_t)/K for zero-mean logits
    limit = ((z_s0 - tf.reduce_mean(z_s0)) - (z_t - tf.reduce_mean(z_t))) / K
    top = tf.math.top_k(p_t, 3)
    g = float(tf.norm(grad))
    print(
        f"T={T:2d}: p(7)={p_t[7]:.3f}  next {top.indices[1]}:{top.values[1]:.3f} "
        f"{top.indices[2]}:{top.values[2]:.3f}  |grad|={g:.4f}  "
        f"T^2|grad|={T**2 * g:.4f}"
    )
    probs.append(p_t.numpy())
    norms.append(g)
    scaled.append(T**2 * g)
limit = float(tf.norm(limit))
print(f"large-T limit |z_s - z_t|/K (zero-mean logits): {limit:.4f}")
result = {"probs": np.array(probs), "grad_norms": np.array(norms)}

assert norms[-1] < norms[0] / 20, "without T^2 the soft gradient vanishes as T grows"
assert abs(scaled[-1] / limit - 1) < 0.1, "T^2 * gradient nears the limit"
assert max(scaled) < 2 * min(scaled), "with T^2 the gradient keeps its scale"
assert list(top.indices.numpy()) == [7, 1, 9], "the soft targets rank 1 and 9 after 7"
