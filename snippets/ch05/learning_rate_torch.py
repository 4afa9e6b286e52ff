import math

import numpy as np
import torch
from sklearn.datasets import load_diabetes

SEED = 0
STEPS = 50

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

data = load_diabetes()
x_np = (data.data - data.data.mean(0)) / data.data.std(0)
y_np = (data.target - data.target.mean()) / data.target.std()
x = torch.tensor(x_np, dtype=torch.float32)
y = torch.tensor(y_np, dtype=torch.float32)
w0 = rng.normal(0.0, 0.1, size=(10, 1)).astype(np.float32)

# Mean squared error is quadratic: gradient descent converges iff lr < 2 / L,
# where L is the largest eigenvalue of the Hessian 2 X^T X / n.
curvatures = np.linalg.eigvalsh(2 * x_np.T @ x_np / len(x_np))
L = curvatures.max()
print(f"largest curvature L = {L:.2f}, so plain SGD needs lr < 2/L = {2 / L:.3f}")
# The least-squares optimum, to compare with (a column of ones for the bias)
design = np.c_[x_np, np.ones(len(x_np))]
w_best = np.linalg.lstsq(design, y_np, rcond=None)[0]
best = np.mean((design @ w_best - y_np) ** 2)
kappa = L / curvatures.min()
print(f"least-squares optimum: loss {best:.4f}; condition number {kappa:.0f}")

# Adam at lr=5.0 keeps overshooting and is chaotic: on another CPU its final loss
# may differ by a few percent (book: tolerance ±3%)
RUNS = [
    ("SGD", 0.001),
    ("SGD", 0.1),
    ("SGD", 0.3),
    ("SGD", 5.0),
    ("Adam", 0.0001),
    ("Adam", 0.05),
    ("Adam", 5.0),
]


def train(name, lr):
    """Return the final loss, or the first step whose loss is not finite."""
    model = torch.nn.Linear(10, 1)
    with torch.no_grad():
        model.weight.copy_(torch.from_numpy(w0.T))
        model.bias.zero_()
    optimizer = getattr(torch.optim, name)(model.parameters(), lr=lr)
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = torch.mean((model(x)[:, 0] - y) ** 2)
        if not math.isfinite(loss.item()):
            return float("nan"), step
        loss.backward()
        optimizer.step()
    return torch.mean((model(x)[:, 0] - y) ** 2).item(), None


start = torch.mean((x @ torch.from_numpy(w0)[:, 0] - y) ** 2).item()
print(f"loss at the start: {start:.3f}")
finals = {}
for name, lr in RUNS:
    loss, bad_step = train(name, lr)
    finals[name, lr] = loss
    if bad_step is not None:
        print(f"{name:<5} lr={lr:<7} loss is inf/nan from step {bad_step}")
    else:
        print(f"{name:<5} lr={lr:<7} loss after {STEPS} steps: {loss:.4g}")

GOOD = [("SGD", 0.001), ("SGD", 0.1), ("Adam", 0.0001), ("Adam", 0.05)]
result = np.array([finals[r] for r in GOOD])
sgd = [finals["SGD", lr] for lr in (0.001, 0.1, 0.3)]
adam = [finals["Adam", lr] for lr in (0.0001, 0.05, 5.0)]
assert sgd[1] < sgd[0] < start, "a too-small rate must make little progress"
assert best < sgd[1] < best + 0.01, "lr 0.1 gets close to the optimum, not to it"
assert sgd[2] > 1e6 * start, "above 2/L plain SGD must blow up"
assert math.isnan(finals["SGD", 5.0]), "a far too large rate must overflow"
assert adam[1] < adam[0] and adam[1] < 0.6, "a good Adam rate must converge"
assert adam[2] > start, "a too-large Adam rate must fail as well"
assert 1.85 < adam[2] < 2.05, "it ends near 1.95, just where depends on rounding"
