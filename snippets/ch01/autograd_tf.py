import keras
import numpy as np
import tensorflow as tf

SEED = 0
N, D = 8, 3
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

x_np = rng.standard_normal((N, D))
y_np = rng.standard_normal(N)
w_np = rng.standard_normal(D)

x, y = tf.constant(x_np), tf.constant(y_np)  # float64, kept from NumPy
w = tf.Variable(w_np)  # the tape watches trainable variables by itself

# Forward pass under the tape: f(w) = mean((x w - y)^2)
with tf.GradientTape() as tape:
    residual = tf.linalg.matvec(x, w) - y
    loss = tf.reduce_mean(residual**2)
grad, grad_x = tape.gradient(loss, [w, x])
grad = grad.numpy()

# The same derivative by hand: df/dw = (2 / N) x^T (x w - y)
by_hand = 2 / N * x_np.T @ (x_np @ w_np - y_np)
gap = float(np.max(np.abs(grad - by_hand)))

print(f"loss: {float(loss):.4f}")
print("autograd:", np.round(grad, 4))
print("by hand: ", np.round(by_hand, 4))
print("max |autograd - by hand| < 1e-6:", gap < 1e-6)
print("gradient for the constant x:", grad_x)

# A tape records one forward pass and can be asked for gradients once
try:
    tape.gradient(loss, w)
    second = "allowed"
except RuntimeError:
    second = "RuntimeError"
print("second tape.gradient call:", second)
result = grad

assert gap < 1e-6, "autograd must match the derivative worked out by hand"
assert grad_x is None, "a tf.constant is not watched unless tape.watch() is called"
assert second == "RuntimeError", "a non-persistent tape gives gradients once"
