import numpy as np
import torch
from sklearn.datasets import load_digits

rng = np.random.default_rng(0)
torch.set_default_dtype(torch.float64)
digits = load_digits()
X, y = digits.data / 8.0 - 1.0, digits.target
idx = rng.permutation(len(X))
ref, pool = idx[:400], idx[400:]  # reference set, and a disjoint pool to draw from
N = 400  # every compared set has the same size as the reference
# fixed features: the 16 leading principal components of the reference digits
mean = X[ref].mean(0)
V = np.linalg.svd(X[ref] - mean, full_matrices=False)[2][:16].T


def feat(x):
    return torch.tensor((x - mean) @ V)


sets = {
    "real, held out": X[pool[:N]],
    "real + noise": np.clip(X[pool[:N]] + rng.normal(0, 0.5, (N, 64)), -1, 1),
    "digits 0-4 only": X[pool[y[pool] < 5][:N]],
    "uniform noise": rng.uniform(-1, 1, (N, 64)),
}


def sqrtm_psd(S):  # symmetric square root via the eigendecomposition
    w, Q = torch.linalg.eigh(S)
    return Q @ torch.diag(w.clamp(min=0).sqrt()) @ Q.T


def fid(a, b):  # Frechet distance between Gaussians fitted to two feature sets
    mu_a, mu_b = a.mean(0), b.mean(0)
    Sa, Sb = torch.cov(a.T), torch.cov(b.T)
    r = sqrtm_psd(Sa)
    # tr sqrt(Sa Sb) = sum of sqrt of the eigenvalues of Sa^(1/2) Sb Sa^(1/2)
    cross = torch.linalg.eigvalsh(r @ Sb @ r).clamp(min=0).sqrt().sum()
    return ((mu_a - mu_b) ** 2).sum() + torch.trace(Sa) + torch.trace(Sb) - 2 * cross


def knn_radius(a, k=3):  # distance from each point to its k-th nearest neighbour in a
    return torch.cdist(a, a).sort(1).values[:, k]  # column 0 is the point itself


def precision_recall(real, fake, k=3):  # Kynkaanniemi et al. 2019
    d = torch.cdist(fake, real)  # (fake, real)
    precision = (d <= knn_radius(real, k)[None, :]).any(1).double().mean()
    recall = (d.T <= knn_radius(fake, k)[None, :]).any(1).double().mean()
    return precision, recall


fr = feat(X[ref])
result = {}
for name, x in sets.items():
    fx = feat(x)
    p, r = precision_recall(fr, fx)
    result[name] = torch.stack([fid(fr, fx), p, r]).numpy()
    print(f"{name:16s} FID {result[name][0]:6.2f}  precision {p:.2f}  recall {r:.2f}")
f = {n: v[0] for n, v in result.items()}
A = torch.tensor(rng.standard_normal((16, 16)))
S = A @ A.T
assert torch.allclose(sqrtm_psd(S) @ sqrtm_psd(S), S), "the square root squares back"
print(f"FID of the reference with itself: {round(fid(fr, fr).item(), 6) + 0.0}")
assert f["real, held out"] < f["real + noise"] < f["uniform noise"], "FID ordering"
assert f["real, held out"] < f["digits 0-4 only"] < f["uniform noise"], "FID ordering"
dropped = result["digits 0-4 only"]
assert dropped[1] > 0.9 and dropped[2] < 0.7, (
    "dropped modes: high precision, low recall"
)
assert result["uniform noise"][1] < 0.2 and result["uniform noise"][2] == 0, "noise"
