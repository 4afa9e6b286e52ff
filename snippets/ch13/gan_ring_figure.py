import matplotlib.pyplot as plt
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
rng = np.random.default_rng(1)
K, SIGMA = 8, 0.05  # the ring of the example, one seed
ANGLE = 2 * np.pi * np.arange(K) / K
CENTRES = 2.0 * np.stack([np.cos(ANGLE), np.sin(ANGLE)], 1)
B, Z, H = 64, 4, 32


def init(sizes):
    ps = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        ps += [rng.uniform(-1, 1, (i, o)) / np.sqrt(i), np.zeros(o)]
    return [torch.tensor(p, requires_grad=True) for p in ps]


def mlp(ps, x):
    for j in range(0, len(ps), 2):
        x = x @ ps[j] + ps[j + 1]
        x = torch.relu(x) if j < len(ps) - 2 else x
    return x


G, D = init([Z, H, H, 2]), init([2, H, H, 1])
opt_g = torch.optim.Adam(G, lr=2e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D, lr=2e-3, betas=(0.5, 0.999))
softplus = torch.nn.functional.softplus
z_eval = torch.tensor(rng.standard_normal((1000, Z)))
real = CENTRES[rng.integers(K, size=1000)] + SIGMA * rng.standard_normal((1000, 2))
shots = {}
for step in range(2001):
    if step in (0, 1000, 1250, 1500, 2000):
        with torch.no_grad():
            shots[step] = mlp(G, z_eval).numpy()
    x = CENTRES[rng.integers(K, size=B)] + SIGMA * rng.standard_normal((B, 2))
    fake = mlp(G, torch.tensor(rng.standard_normal((B, Z))))
    loss_d = softplus(-mlp(D, torch.tensor(x))) + softplus(mlp(D, fake.detach()))
    opt_d.zero_grad()
    loss_d.mean().backward()
    opt_d.step()
    opt_g.zero_grad()
    softplus(-mlp(D, fake)).mean().backward()
    opt_g.step()

fig, axes = plt.subplots(1, 5, figsize=(12, 2.9), facecolor="white")
covered_at = {}
for ax, (step, g) in zip(axes, shots.items()):
    d = np.linalg.norm(g[:, None] - CENTRES, axis=2)
    good = d.min(1) < 3 * SIGMA
    covered = int((np.bincount(d.argmin(1)[good], minlength=K) >= 10).sum())
    covered_at[step] = covered
    print(
        f"step {step}: modes covered {covered}, high-quality fraction {good.mean():.2f}"
    )
    ax.scatter(*real.T, s=4, c="#bbbbbb", label="real")
    ax.scatter(*g.T, s=4, c="#d62728", alpha=0.5, label="generated")
    ax.set(xlim=(-3, 3), ylim=(-3, 3), aspect="equal", xticks=[], yticks=[])
    ax.set_title(f"step {step}: {covered}/8 modes")
axes[0].legend(loc="lower left", fontsize=7, markerscale=2)
fig.suptitle("A GAN on a ring of 8 Gaussians: real (grey) and generated (red)")
fig.tight_layout()
assert covered_at[0] == 0 and 0 < covered_at[2000] < 8, "some modes, not all"
plt.show()
