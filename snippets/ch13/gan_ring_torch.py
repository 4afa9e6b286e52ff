import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # tiny networks: one thread is fastest
rng = np.random.default_rng(0)
K, SIGMA = 8, 0.05  # 8 Gaussian modes on a circle of radius 2
ANGLE = 2 * np.pi * np.arange(K) / K
CENTRES = 2.0 * np.stack([np.cos(ANGLE), np.sin(ANGLE)], 1)
S, B, Z, H = 3, 64, 4, 32  # seeds trained side by side, batch, noise size, width


def init(sizes):  # one MLP per seed: weights of shape (S, in, out)
    ps = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        ps += [rng.uniform(-1, 1, (S, i, o)) / np.sqrt(i), np.zeros((S, 1, o))]
    return [torch.tensor(p, requires_grad=True) for p in ps]


def mlp(ps, x):
    for j in range(0, len(ps), 2):
        x = torch.baddbmm(ps[j + 1], x, ps[j])
        x = torch.relu(x) if j < len(ps) - 2 else x
    return x


def score(x):  # which modes are covered (>= 1% of samples within 3 sigma)
    d = np.linalg.norm(x[:, :, None] - CENTRES, axis=3)  # (S, n, K)
    good = d.min(2) < 3 * SIGMA  # high-quality samples
    counts = np.stack(
        [np.bincount(d[s].argmin(1)[good[s]], minlength=K) for s in range(S)]
    )
    return counts >= 0.01 * x.shape[1], good.mean(1)


G, D = init([Z, H, H, 2]), init([2, H, H, 1])  # generator, discriminator
opt_g = torch.optim.Adam(G, lr=2e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D, lr=2e-3, betas=(0.5, 0.999))
softplus = torch.nn.functional.softplus  # -log sigmoid(t) = softplus(-t)
z_eval = torch.tensor(rng.standard_normal((S, 2000, Z)))
print("step  modes covered (# = covered), 3 seeds   high-quality fraction")
history = []
for step in range(1, 2001):
    x = CENTRES[rng.integers(K, size=(S, B))] + SIGMA * rng.standard_normal((S, B, 2))
    z = torch.tensor(rng.standard_normal((S, B, Z)))
    fake = mlp(G, z)
    # D step: -log D(x) - log(1 - D(G(z))); per-seed means summed over seeds
    loss_d = softplus(-mlp(D, torch.tensor(x))) + softplus(mlp(D, fake.detach()))
    opt_d.zero_grad()
    loss_d.mean((1, 2)).sum().backward()
    opt_d.step()
    # G step, non-saturating: -log D(G(z)), through the updated D
    loss_g = softplus(-mlp(D, fake))
    opt_g.zero_grad()
    loss_g.mean((1, 2)).sum().backward()
    opt_g.step()
    if step % 250 == 0 and step >= 1000:
        with torch.no_grad():
            covered, quality = score(mlp(G, z_eval).numpy())
        history.append((covered, quality))
        rows = "  ".join(
            "".join(".#"[int(c)] for c in cs) + f" {cs.sum()}" for cs in covered
        )
        print(f"{step:4d}  {rows}   {np.round(quality, 2)}")

modes = np.array([h[0].sum(1) for h in history])  # (checkpoint, seed)
quality = np.array([h[1] for h in history])
cov = np.array([h[0] for h in history])  # (checkpoint, seed, mode)
lost = cov[:-1] & ~cov[1:]  # covered at one checkpoint, missing at the next
assert (modes[0] == 0).any(), "after 1000 steps some seed covers no mode at all"
assert modes[2].max() < 8, "after 1500 steps no seed covers all 8 modes yet"
assert modes[-1].max() >= 7 and quality[-1].max() > 0.5, "the best seed at 2000 steps"
assert modes[-1].min() < 8 and quality[-1].max() < 0.9, "short of a perfect generator"
assert lost.any(), "some mode covered at one checkpoint is lost at the next"
