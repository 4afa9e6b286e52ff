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
idx = rng.permutation(len(X))
tr, ho = idx[:1497], idx[1497:]  # 300 held-out digits
Xt, yt = torch.tensor(X[tr]), torch.tensor(y[tr])
Z, H, B, STEPS = 16, 128, 64, 800


# generator input: noise and the one-hot label, concatenated (Mirza & Osindero)
class Gen(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(Z + 10, H),
            nn.BatchNorm1d(H),
            nn.ReLU(),
            nn.Linear(H, 64),
            nn.Tanh(),
        )

    def forward(self, z, c):
        return self.net(torch.cat([z, nn.functional.one_hot(c, 10)], 1))


# projection discriminator: logit = psi(h) + embed(c) . h
class Disc(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(64, H), nn.LeakyReLU(0.2))
        self.psi = nn.Linear(H, 1)
        self.embed = nn.Embedding(10, H)

    def forward(self, x, c):
        h = self.body(x)
        return self.psi(h)[:, 0] + (self.embed(c) * h).sum(1)


G, D = Gen(), Disc()
opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
ones, zeros = torch.ones(B), torch.zeros(B)
for _ in range(STEPS):
    j = torch.tensor(rng.integers(len(Xt), size=B))
    c = torch.tensor(rng.integers(10, size=B))  # labels the generator is asked for
    fake = G(torch.tensor(rng.standard_normal((B, Z))), c)
    loss_d = bce(D(Xt[j], yt[j]), ones) + bce(D(fake.detach(), c), zeros)
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    loss_g = bce(D(fake, c), ones)  # non-saturating generator loss
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()

# the judge: an ordinary classifier trained on the real training digits only
clf = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
opt = torch.optim.Adam(clf.parameters(), lr=1e-2)
for _ in range(200):  # full batch
    loss = nn.functional.cross_entropy(clf(Xt), yt)
    opt.zero_grad()
    loss.backward()
    opt.step()


def fid(a, b):  # Frechet distance between Gaussians fitted to two feature sets
    Sa, Sb = torch.cov(a.T), torch.cov(b.T)
    w, Q = torch.linalg.eigh(Sa)
    r = Q @ torch.diag(w.clamp(min=0).sqrt()) @ Q.T  # Sa^(1/2)
    # tr sqrt(Sa Sb) = sum of sqrt of the eigenvalues of Sa^(1/2) Sb Sa^(1/2)
    cross = torch.linalg.eigvalsh(r @ Sb @ r).clamp(min=0).sqrt().sum()
    return ((a.mean(0) - b.mean(0)) ** 2).sum() + Sa.trace() + Sb.trace() - 2 * cross


G.eval()
asked = torch.arange(10).repeat_interleave(100)  # 100 samples of each digit
with torch.no_grad():
    samples = G(torch.tensor(rng.standard_normal((1000, Z))), asked)
    acc_real = (clf(torch.tensor(X[ho])).argmax(1).numpy() == y[ho]).mean()
    pred = clf(samples).argmax(1).numpy()
    # FID in the judge's hidden-layer features (64 ReLU units), 300 samples per set
    phi = clf[:2]  # the hidden layer, after its ReLU
    ref = phi(Xt)
    sets = {
        "real, held out": torch.tensor(X[ho]),
        "cGAN samples": samples[torch.tensor(rng.permutation(1000)[:300])],
        "cGAN, all asked for 0": G(
            torch.tensor(rng.standard_normal((300, Z))),
            torch.zeros(300, dtype=torch.long),
        ),
    }
    fids = {n: fid(ref, phi(x)).item() for n, x in sets.items()}
hit = pred == asked.numpy()
per_digit = hit.reshape(10, 100).mean(1)
print(f"classifier accuracy on held-out real digits: {acc_real:.2f}")
print(
    f"generated digits classified as the label asked for: {hit.mean():.2f} (chance 0.10)"
)
print(f"lowest rate of a single digit: {per_digit.min():.2f}")
for n, v in fids.items():
    print(f"FID to the training digits, {n:22s}: {v:6.1f}")
assert fids["real, held out"] < fids["cGAN samples"] < fids["cGAN, all asked for 0"], (
    "FID order"
)
assert acc_real > 0.9, "the judge is a good classifier"
assert hit.mean() > 0.8, "the generator follows the label"
