import math

import keras
import numpy as np
import tensorflow as tf

SEED = 0
N, STEPS, LR, MAX_NORM = 256, 100, 0.1, 1.0

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

# Feature 2 is in the hundreds: the loss is 10^4 times steeper along its weight.
x_raw = rng.standard_normal((N, 2)) * [1.0, 100.0]
y_np = x_raw @ [2.0, 0.03] + 0.1 * rng.standard_normal(N)
x_scaled = x_raw / x_raw.std(0)  # the actual fix: put features on one scale


def train(x_np, clip):
    """Full-batch SGD on a linear model; returns final loss and gradient norms."""
    x = tf.constant(x_np, dtype=tf.float32)
    y = tf.constant(y_np, dtype=tf.float32)
    w = keras.Variable(np.zeros(2, np.float32))
    # global_clipnorm clips all gradients together, like clip_grad_norm_;
    # clipnorm would clip each variable's gradient on its own.
    kwargs = {"global_clipnorm": MAX_NORM} if clip else {}
    optimizer = keras.optimizers.SGD(LR, **kwargs)
    optimizer.build([w])

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((tf.linalg.matvec(x, w) - y) ** 2)
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))  # clips inside
        return loss, tf.linalg.global_norm(grads)  # the norm before clipping

    norms = []
    for i in range(STEPS):
        loss, norm = step()
        if not math.isfinite(float(loss)):
            return float("nan"), norms, i
        norms.append(float(norm))
    return float(tf.reduce_mean((tf.linalg.matvec(x, w) - y) ** 2)), norms, None


runs = {
    "raw features, no clipping": train(x_raw, clip=False),
    "raw features, clipnorm 1": train(x_raw, clip=True),
    "scaled features, no clipping": train(x_scaled, clip=False),
}
for name, (loss, norms, bad_step) in runs.items():
    if bad_step is not None:
        print(f"{name:<29} loss is inf/nan from step {bad_step}")
    else:
        print(
            f"{name:<29} final loss {loss:10.4f}   gradient norm: "
            f"first {norms[0]:8.1f}, last {norms[-1]:8.1f}"
        )

clipped, scaled = runs["raw features, clipnorm 1"], runs["scaled features, no clipping"]
result = np.array([clipped[0], scaled[0]])
assert runs["raw features, no clipping"][2] is not None, "unclipped SGD must blow up"
assert math.isfinite(clipped[0]), "clipping must keep the loss finite"
assert clipped[0] > 100 * scaled[0], "clipping alone must not fix the scaling"
assert clipped[1][-1] > 100 * MAX_NORM, "the raw gradient must still be huge"
assert scaled[0] < 0.02, "rescaled features must train to the noise level"
