import itertools
import math

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: one thread is fastest
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

# Breast cancer data, standardized; keep the 8 features most related to the label
data = load_breast_cancer()
Xtr, Xte, ytr, yte = train_test_split(
    data.data, data.target, test_size=0.3, random_state=0, stratify=data.target
)
scaler = StandardScaler().fit(Xtr)
select = SelectKBest(f_classif, k=8).fit(Xtr, ytr)
names = data.feature_names[select.get_support()]
Xtr, Xte = (
    select.transform(scaler.transform(Xtr)),
    select.transform(scaler.transform(Xte)),
)
M = Xtr.shape[1]

# MLP 8 -> 16 -> 1 (ReLU); initial weights from NumPy, shared with TF
W1, W2 = rng.normal(0, np.sqrt(2 / M), (M, 16)), rng.normal(0, np.sqrt(1 / 16), (16, 1))
model = torch.nn.Sequential(
    torch.nn.Linear(M, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)
)
with torch.no_grad():
    model[0].weight.copy_(torch.tensor(W1.T)), model[0].bias.zero_()
    model[2].weight.copy_(torch.tensor(W2.T)), model[2].bias.zero_()
xtr, ytr_t = torch.tensor(Xtr), torch.tensor(ytr, dtype=torch.float64)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for _step in range(200):  # full batch: deterministic, so both frameworks agree
    opt.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(xtr)[:, 0], ytr_t)
    loss.backward()
    opt.step()


def f(z):  # the output explained: the logit of "benign"
    with torch.no_grad():
        return model(torch.tensor(z))[:, 0].numpy()


acc = ((f(Xte) > 0) == yte).mean()
print(f"test accuracy: {acc:.3f}, coalitions per point: {2**M}")


def shapley(f, x, background):
    """Exact Shapley values of f at x; absent features take background values."""
    m = len(x)
    masks = np.array(list(itertools.product([0, 1], repeat=m)))  # all 2^m coalitions
    z = masks[:, None, :] * x + (1 - masks[:, None, :]) * background  # (2^m, B, m)
    v = f(z.reshape(-1, m)).reshape(len(masks), -1).mean(axis=1)  # v(S)
    index = {tuple(s): k for k, s in enumerate(masks)}
    phi = np.zeros(m)
    for k, s in enumerate(masks):
        size = s.sum()
        for i in np.flatnonzero(s == 0):  # add feature i to coalition S
            w = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
            s_i = s.copy()
            s_i[i] = 1
            phi[i] += w * (v[index[tuple(s_i)]] - v[k])
    return phi


background = Xtr[rng.choice(len(Xtr), 50, replace=False)]  # 50 training rows
expected = f(background).mean()  # E[f] over the background
x = Xte[0]
phi = shapley(f, x, background)
print(f"f(x) = {f(x[None])[0]:.3f}, E[f] = {expected:.3f}")
for k in np.argsort(-np.abs(phi)):
    print(f"  {names[k]:<22} x = {x[k]:+.2f}  phi = {phi[k]:+.3f}")
print(f"sum of phi = {phi.sum():.3f} = f(x) - E[f] = {f(x[None])[0] - expected:.3f}")

# Efficiency on 20 test points
phis = np.array([shapley(f, xi, background) for xi in Xte[:20]])
gap = np.abs(phis.sum(1) - (f(Xte[:20]) - expected)).max()
print("20 test points, |sum phi - (f(x) - E[f])| below 1e-9:", gap < 1e-9)

# One baseline row (the mean) instead of a background set
mean_row = Xtr.mean(0, keepdims=True)
phi_mean = shapley(f, x, mean_row)
print(
    f"mean row as baseline: sum of phi = {phi_mean.sum():.3f}"
    f" = f(x) - f(mean) = {f(x[None])[0] - f(mean_row)[0]:.3f}"
)

# Symmetry and dummy on a constructed function: x2 is never used
g = lambda z: 2 * z[:, 0] + 2 * z[:, 1] + z[:, 0] * z[:, 1] + 0 * z[:, 2]  # noqa: E731
phi_g = shapley(g, np.ones(3), np.zeros((1, 3)))
print("g = 2 x0 + 2 x1 + x0 x1 at (1, 1, 1), baseline 0:", phi_g.round(3))

result = {"phi": phi, "phis": phis}
assert acc > 0.9, "the small network must be accurate"
assert gap < 1e-9, "efficiency: the values add up to f(x) - E[f]"
assert abs(phi_mean.sum() - (f(x[None])[0] - f(mean_row)[0])) < 1e-9, (
    "efficiency, one row"
)
assert np.allclose(phi_g, [2.5, 2.5, 0.0]), "symmetry and dummy"
