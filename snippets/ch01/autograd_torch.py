import numpy as np
import torch

SEED = 0
N, D = 8, 3
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

x_np = rng.standard_normal((N, D))
y_np = rng.standard_normal(N)
w_np = rng.standard_normal(D)

x, y = torch.tensor(x_np), torch.tensor(y_np)  # float64, kept from NumPy
w = torch.tensor(w_np, requires_grad=True)  # record operations on w

# Forward pass builds the graph: f(w) = mean((x w - y)^2)
residual = x @ w - y
loss = (residual**2).mean()
loss.backward()  # fills w.grad
grad = w.grad.numpy().copy()

# The same derivative by hand: df/dw = (2 / N) x^T (x w - y)
by_hand = 2 / N * x_np.T @ (x_np @ w_np - y_np)
gap = float(np.max(np.abs(grad - by_hand)))

print(f"loss: {loss.item():.4f}")
print("autograd:", np.round(grad, 4))
print("by hand: ", np.round(by_hand, 4))
print("max |autograd - by hand| < 1e-6:", gap < 1e-6)
print("gradient for the constant x:", x.grad)

# .grad accumulates: a second forward and backward without zeroing adds up
((x @ w - y) ** 2).mean().backward()
doubled = bool(np.allclose(w.grad.numpy(), 2 * grad))
print("after a second backward, w.grad == 2 * gradient:", doubled)
result = grad

assert gap < 1e-6, "autograd must match the derivative worked out by hand"
assert x.grad is None, "a tensor without requires_grad gets no gradient"
assert doubled, "backward() adds into .grad; optimizers need zero_grad()"
