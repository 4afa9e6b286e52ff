import keras
import numpy as np
import tensorflow as tf

SEED = 0
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

a_np = rng.standard_normal((2, 3))  # NumPy's default float dtype is float64
b_np = rng.standard_normal((3, 4))

print("Keras", keras.__version__, "on backend", keras.backend.backend())
print("dtype kept from NumPy:", tf.constant(a_np).dtype.name)
print(
    "dtype of a Python float / int:",
    tf.constant(1.0).dtype.name,
    tf.constant(1).dtype.name,
)

a = tf.constant(a_np, dtype=tf.float32)  # the usual choice for training
b = tf.constant(b_np, dtype=tf.float32)
bias = tf.constant([0.5, -1.0, 2.0, 0.0])
print("a:", a.shape, a.dtype.name, "| b:", b.shape, "| bias:", bias.shape)

# (2, 3) @ (3, 4) -> (2, 4); bias (4,) is broadcast over the 2 rows
y = a @ b + bias
print("y = a @ b + bias:", y.shape)

# Broadcasting: (3, 1) and (4,) line up from the right and both stretch to (3, 4)
col = tf.reshape(tf.range(3.0), (3, 1))
row = tf.range(4.0)
grid = col * 10 + row
print("(3, 1) + (4,) ->", grid.shape)
print(grid.numpy())

# TensorFlow does not promote dtypes: float32 + float64 is an error
try:
    a + tf.constant(a_np)
    mixed = "allowed"
except tf.errors.InvalidArgumentError:
    mixed = "InvalidArgumentError"
print("float32 + float64:", mixed)

# Back to NumPy
y_np = y.numpy()
expected = a_np.astype(np.float32) @ b_np.astype(np.float32) + bias.numpy()
with np.printoptions(precision=3, suppress=True):
    print("y as NumPy:", type(y_np).__name__, y_np.dtype)
    print(y_np)
result = y_np

assert y.shape == (2, 4) and grid.shape == (3, 4), "broadcast shapes must be as printed"
assert np.allclose(y_np, expected, atol=1e-5), "must match the same sum in NumPy"
assert mixed == "InvalidArgumentError", (
    "TensorFlow must refuse to mix float32 and float64"
)
