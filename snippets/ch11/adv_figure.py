import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(0)
torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

digits = load_digits()
X_tr, X_te, y_tr, y_te = train_test_split(
    digits.data / 16.0,
    digits.target,
    test_size=0.3,
    random_state=0,
    stratify=digits.target,
)
X_tr, X_te = torch.tensor(X_tr), torch.tensor(X_te)
y_tr, y_te = torch.tensor(y_tr), torch.tensor(y_te)
init = [
    rng.normal(0, np.sqrt(2 / 64), (64, 64)),
    np.zeros(64),
    rng.normal(0, np.sqrt(1 / 64), (64, 10)),
    np.zeros(10),
]


def model(params, x):
    W1, b1, W2, b2 = params
    return torch.relu(x @ W1 + b1) @ W2 + b2


def pgd(params, x, y, eps, steps, noise):
    alpha = 2.5 * eps / steps
    x_adv = (x + noise * eps).clamp(0, 1)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(model(params, x_adv), y)
        g = torch.autograd.grad(loss, x_adv)[0]
        x_adv = x_adv.detach() + alpha * g.sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)
    return x_adv


def train(eps, n_steps):
    params = [torch.tensor(p, requires_grad=True) for p in init]
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
    for _ in range(n_steps):
        x = X_tr
        if eps > 0:
            x = pgd(
                params, X_tr, y_tr, eps, 2, torch.tensor(rng.uniform(-1, 1, X_tr.shape))
            )
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(params, x), y_tr).backward()
        opt.step()
    return params


def accuracy(params, x):
    with torch.no_grad():
        return (model(params, x).argmax(1) == y_te).double().mean().item()


eps_grid = np.linspace(0, 0.3, 7)
zero, noise = torch.zeros_like(X_te), torch.tensor(rng.uniform(-1, 1, X_te.shape))
curves = {}
for name, train_eps, n_steps in [
    ("standard", 0.0, 400),
    ("PGD-trained, eps=0.1", 0.1, 200),
]:
    params = train(train_eps, n_steps)
    curves[name, "FGSM"] = [
        accuracy(params, pgd(params, X_te, y_te, e, 1, zero)) for e in eps_grid
    ]
    curves[name, "PGD-20"] = [
        accuracy(params, pgd(params, X_te, y_te, e, 20, noise)) for e in eps_grid
    ]

fig, ax = plt.subplots(figsize=(6.5, 4), facecolor="white")
for (name, attack), acc in curves.items():
    ax.plot(
        eps_grid,
        acc,
        "o-" if attack == "PGD-20" else "s--",
        color="C0" if name == "standard" else "C3",
        label=f"{name}, {attack}",
    )
ax.axvline(0.1, color="grey", lw=0.8, ls=":")
ax.set(
    xlabel="perturbation budget eps (L-infinity, pixels in [0, 1])",
    ylabel="test accuracy (540 digits)",
    ylim=(-0.02, 1.02),
)
ax.legend(fontsize=8)
fig.tight_layout()
for name, _ in list(curves)[::2]:
    print(
        f"{name:20s} PGD-20 accuracy at eps 0..0.3:",
        " ".join(f"{a:.2f}" for a in curves[name, "PGD-20"]),
    )
plt.show()

for name in ("standard", "PGD-trained, eps=0.1"):
    assert np.all(np.array(curves[name, "PGD-20"]) <= np.array(curves[name, "FGSM"])), (
        "PGD is at least as strong as FGSM at every eps"
    )
adv, std = curves["PGD-trained, eps=0.1", "PGD-20"], curves["standard", "PGD-20"]
assert all(a > s for a, s in zip(adv[1:5], std[1:5])), (
    "more robust from eps=0.05 to 0.2"
)
assert adv[0] < std[0], "and a little less accurate on clean images"
