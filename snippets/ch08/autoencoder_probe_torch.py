# book: tolerance ±0.01
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0  # pixels in [0, 1]
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]  # 1200 unlabeled images, 597 test
x_train, x_test = torch.tensor(X[train]), torch.tensor(X[test])


def make_encoder():  # 64 pixels -> 16-d code
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 16))


def probe(f_lab, y_lab, f_test):  # linear probe: logistic regression
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return clf.fit(f_lab, y_lab).score(f_test, y[test])


# 1. self-supervised: reconstruct the unlabeled training images (no labels used)
encoder, random_encoder = make_encoder(), make_encoder()
decoder = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 64), nn.Sigmoid())
opt = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=0.01)
losses = []
for _ in range(300):
    loss = ((decoder(encoder(x_train)) - x_train) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
print(f"reconstruction MSE: step 1 {losses[0]:.3f}, step 300 {losses[-1]:.4f}")

# 2. few labels: 10 per class, five random draws
acc = {"raw pixels": [], "random encoder": [], "autoencoder": [], "supervised": []}
for seed in range(5):
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 10, replace=False) for c in range(10)]
    )
    x_lab, y_lab = torch.tensor(X[lab]), torch.tensor(y[lab])
    with torch.no_grad():
        acc["raw pixels"].append(probe(X[lab], y[lab], X[test]))
        acc["random encoder"].append(
            probe(random_encoder(x_lab).numpy(), y[lab], random_encoder(x_test).numpy())
        )
        acc["autoencoder"].append(
            probe(encoder(x_lab).numpy(), y[lab], encoder(x_test).numpy())
        )
    # supervised baseline: the same encoder + a linear layer, trained end to end
    torch.manual_seed(seed)
    model = nn.Sequential(make_encoder(), nn.Linear(16, 10))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(150):
        loss = nn.functional.cross_entropy(model(x_lab), y_lab)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = model(x_test).argmax(1).numpy()
    acc["supervised"].append(float((pred == y[test]).mean()))

mean = {k: float(np.mean(v)) for k, v in acc.items()}
for k, v in acc.items():
    print(f"{k:15s} test accuracy {mean[k]:.2f}  (min {min(v):.2f}, max {max(v):.2f})")

assert losses[-1] < 0.2 * losses[0], "the autoencoder learned to reconstruct"
assert mean["autoencoder"] > mean["random encoder"] + 0.05, (
    "pretraining beats random codes"
)
assert abs(mean["autoencoder"] - mean["raw pixels"]) < 0.03, "but only ties raw pixels"
