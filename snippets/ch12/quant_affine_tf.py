import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)

# a layer's weights (16 outputs x 64 inputs) and a batch of its inputs
W = tf.constant(rng.normal(0.0, 0.1, (16, 64)), tf.float64)
x = tf.constant(rng.normal(0.5, 1.0, (32, 64)), tf.float64)


def affine_params(t, qmin=-128, qmax=127):
    # asymmetric: the range [min, max] (widened to contain 0) onto [qmin, qmax]
    lo = min(float(tf.reduce_min(t)), 0.0)
    hi = max(float(tf.reduce_max(t)), 0.0)
    scale = (hi - lo) / (qmax - qmin)
    zero_point = int(np.clip(round(qmin - lo / scale), qmin, qmax))
    return scale, zero_point


def quantize(t, scale, zero_point, qmin=-128, qmax=127):
    q = tf.clip_by_value(tf.round(t / scale) + zero_point, qmin, qmax)
    return tf.cast(q, tf.int8)


def dequantize(q, scale, zero_point):
    return scale * (tf.cast(q, tf.float64) - zero_point)


# activations: asymmetric, per tensor
s_x, z_x = affine_params(x)
q_x = quantize(x, s_x, z_x)
err_x = float(tf.reduce_max(tf.abs(dequantize(q_x, s_x, z_x) - x)))
lo, hi = float(tf.reduce_min(x)), float(tf.reduce_max(x))
print(f"x in [{lo:.3f}, {hi:.3f}]: scale {s_x:.5f}, zero point {z_x}")
print(f"max round-trip error: {err_x / s_x:.3f} scale")

# weights: symmetric (zero point 0), one scale per output channel, range [-127, 127]
s_w = tf.reduce_max(tf.abs(W), axis=1) / 127
q_w = tf.cast(tf.clip_by_value(tf.round(W / s_w[:, None]), -127, 127), tf.int8)
err_w = float(
    tf.reduce_max(tf.abs(tf.cast(q_w, tf.float64) * s_w[:, None] - W) / s_w[:, None])
)
print(f"weights: {s_w.shape[0]} scales, max round-trip error: {err_w:.3f} scale")

# integer matmul: int8 x int8 products summed in int32, then one float rescale
acc = tf.matmul(tf.cast(q_x, tf.int32) - z_x, tf.cast(q_w, tf.int32), transpose_b=True)
y_int = s_x * s_w * tf.cast(acc, tf.float64)
y = tf.matmul(x, W, transpose_b=True)
rel = float(tf.norm(y_int - y) / tf.norm(y))
print("accumulator:", acc.dtype.name, "largest |sum|:", int(tf.reduce_max(tf.abs(acc))))
print(f"relative error of the int8 layer: {100 * rel:.2f}%")
print(
    "bytes: float32",
    4 * int(tf.size(W)),
    "-> int8",
    int(tf.size(W)),
    "+ scales",
    4 * s_w.shape[0],
)

result = {"q_x": q_x.numpy(), "q_w": q_w.numpy(), "y_int": y_int.numpy()}

assert err_x <= s_x / 2 * (1 + 1e-9), "round-trip error at most half a step"
assert err_w <= 0.5 + 1e-9, "the same for the weights"
assert int(tf.reduce_max(tf.abs(acc))) > 2**15, "the sums do not fit in 16 bits"
assert rel < 0.02, "the int8 layer is within 2% of the float layer"
