import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

# A fixed critic 2 -> 32 -> 32 -> 1 (ReLU), weights drawn in NumPy
sizes = [2, 32, 32, 1]
Ws = [rng.normal(0, 1 / np.sqrt(i), (i, o)) for i, o in zip(sizes[:-1], sizes[1:])]
bs = [rng.normal(0, 0.1, o) for o in sizes[1:]]


def critic(x):
    for k, (W, b) in enumerate(zip(Ws, bs)):
        x = x @ torch.tensor(W) + torch.tensor(b)
        if k < len(Ws) - 1:
            x = torch.relu(x)
    return x[:, 0]


# Six real points on the ring, six fake ones, one interpolate between each pair
angle = 2 * np.pi * rng.integers(8, size=6) / 8
real = 2 * np.stack([np.cos(angle), np.sin(angle)], 1) + 0.02 * rng.normal(size=(6, 2))
fake = 0.5 * rng.normal(size=(6, 2))
eps = rng.random((6, 1))
x_hat = torch.tensor(eps * real + (1 - eps) * fake, requires_grad=True)
d = critic(x_hat)
# create_graph=True so that training could backpropagate through the penalty
(grad,) = torch.autograd.grad(d.sum(), x_hat, create_graph=True)
norms = grad.norm(dim=1)
penalty = 10.0 * ((norms - 1.0) ** 2).mean()  # lambda = 10
print("gradient norms at x_hat:", np.round(norms.detach().numpy(), 3))
print("penalty 10*mean((norm-1)^2):", round(penalty.item(), 4))

# Spectral norm: power iteration against the SVD
W = torch.tensor(rng.normal(size=(64, 32)))
u = torch.tensor(rng.normal(size=(32,)))
sigma_svd = torch.linalg.svdvals(W)[0].item()
estimates = []
for k in range(1, 101):
    v = W @ u
    v = v / v.norm()
    u = W.T @ v
    u = u / u.norm()
    sigma = v @ W @ u
    estimates.append(sigma.item())
    if k in (1, 5, 20, 100):
        print(f"power iteration {k:3d}: sigma = {sigma.item():.4f}")
print(f"SVD largest singular value: {sigma_svd:.4f}")
top = torch.linalg.svdvals(W / estimates[-1])[0].item()
print(f"after W / sigma: {top:.4f}")

# The PyTorch parametrization keeps W and divides by sigma at every forward pass
layer = torch.nn.Linear(32, 64)
with torch.no_grad():
    layer.weight.copy_(W)  # PyTorch weights are (out, in)
layer = torch.nn.utils.parametrizations.spectral_norm(layer)
x = torch.tensor(rng.normal(size=(4, 32)))
for _ in range(30):
    layer(x)  # in training mode each call runs one power iteration
top_torch = torch.linalg.svdvals(layer.weight.detach())[0].item()
print(f"torch spectral_norm weight: {top_torch:.4f}")

result = {
    "norms": norms.detach().numpy(),
    "penalty": penalty.detach().numpy(),
    "sigma": np.array(estimates),
}
assert penalty > 0, "the critic is not 1-Lipschitz along these lines"
assert estimates[0] < estimates[-1] <= sigma_svd + 1e-12, "estimates grow to sigma"
assert abs(estimates[-1] - sigma_svd) < 1e-4, "100 iterations reach the SVD"
assert abs(top - 1) < 1e-4 and abs(top_torch - 1) < 1e-2, "normalized to 1"
