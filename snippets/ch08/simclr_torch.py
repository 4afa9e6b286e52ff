# book: tolerance ±0.01
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]


def augment(x):  # a random view of each 8x8 image
    n = len(x)
    img = np.pad(x.reshape(n, 8, 8), ((0, 0), (1, 1), (1, 1)))
    dy, dx = rng.integers(0, 3, n), rng.integers(0, 3, n)  # shift by up to one pixel
    img = np.stack([im[a : a + 8, b : b + 8] for im, a, b in zip(img, dy, dx)]).reshape(
        n, 64
    )
    img = img * rng.uniform(0.6, 1.4, (n, 1))  # intensity scaling
    img = img * (rng.random((n, 64)) > 0.2)  # mask 20% of the pixels
    return img + 0.1 * rng.normal(size=(n, 64))  # noise


def nt_xent(z1, z2, tau=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = (z @ z.T / tau).fill_diagonal_(float("-inf"))
    n = len(z1)
    return F.cross_entropy(sim, torch.cat([torch.arange(n, 2 * n), torch.arange(n)]))


def make_encoder():  # f: 64 pixels -> 32-d representation h
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 32))


def probe(f_lab, y_lab, f_test):
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return clf.fit(f_lab, y_lab).score(f_test, y[test])


encoder, random_encoder = make_encoder(), make_encoder()
head = nn.Sequential(
    nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 16)
)  # g: h -> z
opt = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=0.01)
losses = []
for _ in range(300):  # batches of 256 unlabeled images
    x = X[rng.choice(train, 256, replace=False)]
    v1, v2 = torch.tensor(augment(x)), torch.tensor(augment(x))
    loss = nt_xent(head(encoder(v1)), head(encoder(v2)))
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
print(
    f"NT-Xent: first 10 steps {np.mean(losses[:10]):.2f}, last 10 {np.mean(losses[-10:]):.2f}"
    f"  (log(511) = {np.log(511):.2f})"
)

acc = {
    "raw pixels": [],
    "random encoder": [],
    "SimCLR encoder h": [],
    "SimCLR head z": [],
    "supervised": [],
}
with torch.no_grad():
    feats = {
        "random encoder": random_encoder(torch.tensor(X)).numpy(),
        "SimCLR encoder h": encoder(torch.tensor(X)).numpy(),
        "SimCLR head z": head(encoder(torch.tensor(X))).numpy(),
        "raw pixels": X,
    }
for seed in range(5):  # 10 labels per class, five draws
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 10, replace=False) for c in range(10)]
    )
    for name, f in feats.items():
        acc[name].append(probe(f[lab], y[lab], f[test]))
    torch.manual_seed(seed)  # supervised: same encoder + linear layer
    model = nn.Sequential(make_encoder(), nn.Linear(32, 10))
    sup_opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(150):
        loss = F.cross_entropy(model(torch.tensor(X[lab])), torch.tensor(y[lab]))
        sup_opt.zero_grad()
        loss.backward()
        sup_opt.step()
    with torch.no_grad():
        pred = model(torch.tensor(X[test])).argmax(1).numpy()
    acc["supervised"].append(float((pred == y[test]).mean()))

mean = {k: float(np.mean(v)) for k, v in acc.items()}
for k, v in acc.items():
    print(f"{k:16s} test accuracy {mean[k]:.2f}  (min {min(v):.2f}, max {max(v):.2f})")

assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 0.5, "the contrastive loss falls"
assert mean["SimCLR encoder h"] > mean["SimCLR head z"] + 0.05, "probe h, not z"
assert mean["SimCLR encoder h"] > mean["random encoder"] + 0.02, "training beats random"
assert abs(mean["SimCLR encoder h"] - mean["raw pixels"]) < 0.03, "and ties raw pixels"
