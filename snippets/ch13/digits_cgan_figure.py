import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_num_threads(1)  # small model: one thread is faster and repeatable
torch.set_default_dtype(torch.float64)
digits = load_digits()
X, y = digits.data / 8.0 - 1.0, digits.target  # (1797, 64) in [-1, 1]
Xt, yt = torch.tensor(X), torch.tensor(y)
Z, H, B, STEPS = 16, 128, 64, 800
# the conditional GAN of the example above: one-hot label into G, projection D
G = nn.Sequential(
    nn.Linear(Z + 10, H), nn.BatchNorm1d(H), nn.ReLU(), nn.Linear(H, 64), nn.Tanh()
)
body, psi, embed = (
    nn.Sequential(nn.Linear(64, H), nn.LeakyReLU(0.2)),
    nn.Linear(H, 1),
    nn.Embedding(10, H),
)


def gen(z, c):
    return G(torch.cat([z, nn.functional.one_hot(c, 10)], 1))


def D(x, c):
    h = body(x)
    return psi(h)[:, 0] + (embed(c) * h).sum(1)


d_params = [*body.parameters(), *psi.parameters(), *embed.parameters()]
opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(d_params, lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
ones, zeros = torch.ones(B), torch.zeros(B)
for _ in range(STEPS):
    j = torch.tensor(rng.integers(len(Xt), size=B))
    c = torch.tensor(rng.integers(10, size=B))
    fake = gen(torch.tensor(rng.standard_normal((B, Z))), c)
    loss_d = bce(D(Xt[j], yt[j]), ones) + bce(D(fake.detach(), c), zeros)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = bce(D(fake, c), ones)
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()

G.eval()
asked = torch.arange(10).repeat(4)  # four samples of each digit, 0..9 per row
with torch.no_grad():
    fake = gen(torch.tensor(rng.standard_normal((40, Z))), asked).numpy()
real = np.stack([X[y == k][0] for k in range(10)])  # one real digit of each class
fig, axes = plt.subplots(5, 10, figsize=(7, 3.8))
for i, ax in enumerate(axes.flat):
    img = real[i] if i < 10 else fake[i - 10]
    ax.imshow(img.reshape(8, 8), cmap="gray_r", vmin=-1, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel("real", fontsize=9)
for r in range(1, 5):
    axes[r, 0].set_ylabel("cGAN", fontsize=9)
for k in range(10):
    axes[0, k].set_title(str(k), fontsize=9)
fig.suptitle("Conditional GAN on 8x8 digits: column k asks for digit k")
fig.tight_layout()
# nearest real digit of each generated one: does it carry the label asked for?
d2 = ((fake[:, None, :] - X[None]) ** 2).sum(2)
agree = (y[d2.argmin(1)] == asked.numpy()).sum()
print(
    f"generated digits whose nearest real digit has the label asked for: {agree} of 40"
)
assert agree >= 32, "the columns show the digits asked for"
plt.show()
