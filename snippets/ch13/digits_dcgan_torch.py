import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_num_threads(1)  # small model: one thread is faster and repeatable
torch.set_default_dtype(torch.float64)
digits = load_digits()
X = digits.images / 8.0 - 1.0  # pixels 0..16 -> [-1, 1], to match tanh
idx = rng.permutation(len(X))
train, held = X[idx[:1500]], X[idx[1500:]]  # 297 held-out digits
Xt = torch.tensor(train[:, None])  # (1500, 1, 8, 8), channels first
Z, B, STEPS = 16, 64, 300

G = nn.Sequential(  # z -> 2x2x32 -> 4x4x16 -> 8x8x1
    nn.Linear(Z, 2 * 2 * 32),
    nn.BatchNorm1d(2 * 2 * 32),
    nn.ReLU(),
    nn.Unflatten(1, (32, 2, 2)),
    nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1),
    nn.BatchNorm2d(16),
    nn.ReLU(),
    nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1),
    nn.Tanh(),
)
D = nn.Sequential(  # 8x8x1 -> 4x4x16 -> 2x2x32 -> one logit; strided convs, no pooling
    nn.Conv2d(1, 16, 3, stride=2, padding=1),
    nn.LeakyReLU(0.2),
    nn.Conv2d(16, 32, 3, stride=2, padding=1),
    nn.BatchNorm2d(32),
    nn.LeakyReLU(0.2),
    nn.Flatten(),
    nn.Linear(2 * 2 * 32, 1),
)
opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
ones, zeros = torch.ones(B, 1), torch.zeros(B, 1)
d_loss, d_real = [], []
for _ in range(STEPS):
    real = Xt[rng.integers(len(Xt), size=B)]
    fake = G(torch.tensor(rng.standard_normal((B, Z))))
    # discriminator step: real -> 1, fake -> 0 (fake detached: G is not updated here)
    logit_real = D(real)
    loss_d = bce(logit_real, ones) + bce(D(fake.detach()), zeros)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    # generator step, non-saturating loss: make D call the fakes real
    loss_g = bce(D(fake), ones)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    d_loss.append(loss_d.item())
    d_real.append(torch.sigmoid(logit_real).mean().item())

G.eval()  # batch norm now uses its running statistics
with torch.no_grad():
    samples = G(torch.tensor(rng.standard_normal((1000, Z)))).numpy().reshape(-1, 64)


def nearest(a, ref):  # distance to, and index of, the nearest row of ref
    d2 = (a**2).sum(1)[:, None] - 2 * a @ ref.T + (ref**2).sum(1)[None]
    j = d2.argmin(1)
    return np.sqrt(np.maximum(d2[np.arange(len(a)), j], 0)), j


ref = train.reshape(-1, 64)
y_ref = digits.target[idx[:1500]]
noise = rng.uniform(-1, 1, (1000, 64))
dist = {
    n: nearest(s, ref)[0].mean()
    for n, s in [
        ("held-out real", held.reshape(-1, 64)),
        ("generated", samples),
        ("uniform noise", noise),
    ]
}
share = np.bincount(y_ref[nearest(samples, ref)[1]], minlength=10) / len(samples)
print(
    f"D loss, first/last 50 steps: {np.mean(d_loss[:50]):.2f} / {np.mean(d_loss[-50:]):.2f}"
    f" (log 4 = {np.log(4):.2f})"
)
print(f"D(real), last 50 steps: {np.mean(d_real[-50:]):.2f}")
for name, v in dist.items():
    print(f"mean distance to nearest training digit, {name:13s}: {v:.1f}")
print(
    f"digit classes among 1000 samples (label of nearest training digit): {(share > 0.02).sum()}"
)
print(f"largest class share: {share.max():.2f}")
assert dist["generated"] < 0.5 * dist["uniform noise"], "samples lie near the digits"
assert dist["generated"] > 0.5 * dist["held-out real"], "samples are not copies"
assert (share > 0.02).sum() == 10 and share.max() < 0.3, "no class is dropped"
