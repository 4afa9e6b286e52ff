import numpy as np
import torch
import torch.nn.functional as F

SEED = 0
N, D_IN, D_HIDDEN, CLASSES = 6, 4, 5, 3

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# Inputs and weights from NumPy, float64, so both frameworks see the same numbers
x = rng.standard_normal((N, D_IN))
y = rng.integers(0, CLASSES, size=N)
w1 = rng.standard_normal((D_IN, D_HIDDEN)) * 0.5
b1 = np.zeros(D_HIDDEN)
w2 = rng.standard_normal((D_HIDDEN, CLASSES)) * 0.5
b2 = np.zeros(CLASSES)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Forward pass, keeping what the backward pass needs
z1 = x @ w1 + b1
h = sigmoid(z1)
z2 = h @ w2 + b2
p = np.exp(z2 - z2.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
loss = -np.mean(np.log(p[np.arange(N), y]))

# Backward pass by the chain rule, from the loss back to the first layer
dz2 = (p - np.eye(CLASSES)[y]) / N  # softmax + cross-entropy
dw2 = h.T @ dz2
db2 = dz2.sum(axis=0)
dh = dz2 @ w2.T
dz1 = dh * h * (1.0 - h)  # sigmoid'(z) = s(z) (1 - s(z))
dw1 = x.T @ dz1
db1 = dz1.sum(axis=0)
by_hand = {"w1": dw1, "b1": db1, "w2": dw2, "b2": db2}

# The same network in PyTorch; autograd does the backward pass
params = {
    name: torch.tensor(value, requires_grad=True)
    for name, value in {"w1": w1, "b1": b1, "w2": w2, "b2": b2}.items()
}
hidden = torch.sigmoid(torch.from_numpy(x) @ params["w1"] + params["b1"])
logits = hidden @ params["w2"] + params["b2"]
torch_loss = F.cross_entropy(logits, torch.from_numpy(y))  # takes logits
torch_loss.backward()
autograd = {name: p.grad.numpy() for name, p in params.items()}

result = np.concatenate([autograd[name].ravel() for name in by_hand])

print(f"loss: by hand {loss:.6f}, PyTorch {torch_loss.item():.6f}")
print("gradient  shape   norm      equals autograd (gap < 1e-12)")
for name, grad in by_hand.items():
    gap = np.max(np.abs(grad - autograd[name]))
    norm = np.linalg.norm(grad)
    print(f"dL/d{name:<5}{str(grad.shape):<8}{norm:.6f}  {gap < 1e-12}")
with np.printoptions(precision=4, suppress=True):
    print("dL/db1 =", autograd["b1"])

assert abs(loss - torch_loss.item()) < 1e-12, "same loss"
for name, grad in by_hand.items():
    assert np.allclose(grad, autograd[name], atol=1e-12), f"d{name} matches autograd"
