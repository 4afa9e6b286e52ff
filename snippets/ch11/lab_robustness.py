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


def train(eps, n_steps, pgd_steps=2):
    params = [torch.tensor(p, requires_grad=True) for p in init]
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
    for _ in range(n_steps):
        x = X_tr
        if eps > 0:
            x = pgd(
                params,
                X_tr,
                y_tr,
                eps,
                pgd_steps,
                torch.tensor(rng.uniform(-1, 1, X_tr.shape)),
            )
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(params, x), y_tr).backward()
        opt.step()
    return params


def accuracy(params, x):
    with torch.no_grad():
        return (model(params, x).argmax(1) == y_te).double().mean().item()


# 1. robust accuracy against the attack budget, for five training budgets
train_eps = [0.0, 0.05, 0.1, 0.15, 0.2]
eps_grid = np.round(np.linspace(0, 0.3, 13), 3)
noise = torch.tensor(rng.uniform(-1, 1, X_te.shape))
models, table = {}, np.zeros((len(train_eps), len(eps_grid)))
for i, te in enumerate(train_eps):
    models[te] = train(te, 400 if te == 0 else 200)
    table[i] = [
        accuracy(models[te], pgd(models[te], X_te, y_te, e, 20, noise))
        for e in eps_grid
    ]
print("PGD-20 test accuracy; rows: training eps, columns: attack eps")
print("train\\attack " + " ".join(f"{e:5.3f}" for e in eps_grid[::2]))
for te, row in zip(train_eps, table):
    print(f"{te:12.2f} " + " ".join(f"{a:5.3f}" for a in row[::2]))

# 2. attack strength against the number of PGD steps, at eps = 0.1
steps_grid = [1, 2, 3, 5, 10, 20, 50, 100]
by_steps = {
    te: [
        accuracy(models[te], pgd(models[te], X_te, y_te, 0.1, k, noise))
        for k in steps_grid
    ]
    for te in (0.0, 0.1)
}
for te, accs in by_steps.items():
    print(
        f"training eps {te}: accuracy at eps=0.1 after "
        + ", ".join(f"{k}: {a:.3f}" for k, a in zip(steps_grid, accs))
    )

fig, axes = plt.subplots(1, 2, figsize=(11, 4), facecolor="white")
for te, row in zip(train_eps, table):
    axes[0].plot(eps_grid, row, "o-", ms=3, label=f"trained at eps={te}")
axes[0].set(
    xlabel="attack budget eps (PGD-20)", ylabel="test accuracy", ylim=(-0.02, 1.02)
)
axes[0].legend(fontsize=8)
for te, accs in by_steps.items():
    axes[1].semilogx(steps_grid, accs, "o-", label=f"trained at eps={te}")
axes[1].set(
    xlabel="PGD steps (step size 2.5 eps / steps)",
    ylabel="accuracy at eps=0.1",
    ylim=(-0.02, 1.02),
)
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()

clean, at = table[:, 0], {e: table[:, list(eps_grid).index(e)] for e in (0.1, 0.2)}
assert np.all(np.diff(clean) < 0.005), "clean accuracy does not rise with training eps"
assert clean[0] - clean[-1] > 0.03, (
    "training at eps=0.2 costs over 3 points of clean accuracy"
)
assert at[0.1][2] > at[0.1][0] + 0.25, "training at 0.1 adds 25 points at eps=0.1"
assert at[0.2][-1] > at[0.2][2] + 0.1, "against eps=0.2, training at eps=0.2 helps more"
assert clean[-1] < clean[0] and at[0.2][-1] > at[0.2][0], "so the curves cross"
assert np.all(np.diff(table, axis=1) <= 0.005), "accuracy falls as the attack grows"
for accs in by_steps.values():
    assert np.all(np.diff(accs) <= 0.002), "more steps never make PGD noticeably weaker"
    assert max(accs[-3:]) - min(accs[-3:]) < 0.02, "and PGD has converged by 20 steps"
