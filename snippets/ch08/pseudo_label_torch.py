import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]


def fit(x, t):  # softmax regression, zero init, full-batch GD
    model = nn.Linear(64, 10)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    x, t = torch.tensor(x), torch.tensor(t)
    for _ in range(100):
        loss = nn.functional.cross_entropy(model(x), t)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def proba(model, x):
    with torch.no_grad():
        return torch.softmax(model(torch.tensor(x)), dim=1).numpy()


taus = [0.0, 0.5, 0.9]
acc = {"labels only": []} | {tau: [] for tau in taus}
taken = {tau: [] for tau in taus}
correct = {tau: [] for tau in taus}
wrong, repeated = dict.fromkeys(taus, 0), dict.fromkeys(taus, 0)
for seed in range(5):  # five draws of 3 labels per class
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 3, replace=False) for c in range(10)]
    )
    pool = np.setdiff1d(train, lab)  # 1170 images whose labels we do not use
    teacher = fit(X[lab], y[lab])
    acc["labels only"].append((proba(teacher, X[test]).argmax(1) == y[test]).mean())
    p = proba(teacher, X[pool])
    pseudo = p.argmax(1)
    for tau in taus:
        keep = p.max(1) >= tau  # confident enough to pseudo-label
        student = fit(
            np.concatenate([X[lab], X[pool][keep]]),
            np.concatenate([y[lab], pseudo[keep]]),
        )
        acc[tau].append((proba(student, X[test]).argmax(1) == y[test]).mean())
        taken[tau].append(keep.mean())
        correct[tau].append((pseudo[keep] == y[pool][keep]).mean())
        bad = keep & (pseudo != y[pool])  # wrong pseudo-labels
        wrong[tau] += int(bad.sum())
        repeated[tau] += int(
            (proba(student, X[pool][bad]).argmax(1) == pseudo[bad]).sum()
        )

base = float(np.mean(acc["labels only"]))
print(f"30 labels only: test accuracy {base:.3f}")
for tau in taus:
    print(
        f"threshold {tau:.1f}: pseudo-labels {np.mean(taken[tau]):.0%} of the pool, "
        f"{np.mean(correct[tau]):.1%} correct; test accuracy {np.mean(acc[tau]):.3f}; "
        f"wrong ones repeated {repeated[tau]}/{wrong[tau]}"
    )
result = np.array([base] + [np.mean(acc[tau]) for tau in taus])

assert result[2] > base + 0.02, "a moderate threshold helps"
assert abs(result[3] - base) < 0.01, "a high threshold adds only easy images: no gain"
assert np.mean(correct[0.9]) > np.mean(correct[0.0]) + 0.1, (
    "confident labels are cleaner"
)
assert repeated[0.0] > 0.6 * wrong[0.0], (
    "the student learns most of the teacher's mistakes"
)
