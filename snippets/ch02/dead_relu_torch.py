import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

SEED = 0
HIDDEN, STEPS = 64, 30
LEARNING_RATES = [0.5, 2.0, 10.0]

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

digits = load_digits()
x = torch.tensor(digits.data / 16.0)  # float64, all 1797 images
y = torch.tensor(digits.target)
# He-normal weights and zero biases from NumPy, the same start for every run
start = [
    rng.standard_normal((64, HIDDEN)) * np.sqrt(2 / 64),
    np.zeros(HIDDEN),
    rng.standard_normal((HIDDEN, 10)) * np.sqrt(2 / HIDDEN),
    np.zeros(10),
]


def train(lr):
    w1, b1, w2, b2 = params = [torch.tensor(p, requires_grad=True) for p in start]
    for _ in range(STEPS):  # full-batch gradient descent
        loss = F.cross_entropy(F.relu(x @ w1 + b1) @ w2 + b2, y)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    z = x @ w1 + b1
    loss = F.cross_entropy(F.relu(z) @ w2 + b2, y)
    loss.backward()
    dead = (z <= 0).all(dim=0)  # a unit that outputs 0 for every training image
    accuracy = ((F.relu(z) @ w2 + b2).argmax(1) == y).double().mean().item()
    dead_grad = w1.grad[:, dead].abs().max().item() if dead.any() else 0.0
    return dead.sum().item(), accuracy, loss.item(), dead_grad


dead_at_start = int((x @ torch.tensor(start[0]) <= 0).all(dim=0).sum())
rows = [train(lr) for lr in LEARNING_RATES]
result = np.array(rows)

print(f"dead before training: {dead_at_start} / {HIDDEN}")
# why they are dead: not all-negative weights, but w.x <= 0 on every image
pre = digits.data / 16.0 @ start[0]  # pre-activations at initialization (biases 0)
on_average = digits.data.mean(axis=0) / 16.0 @ start[0]  # ... of the average digit
lit = digits.data.max(axis=0) > 0  # pixels lit in at least one image
dead_units = np.flatnonzero(np.all(pre <= 0, axis=0))
for u in dead_units:
    print(
        f"  unit {u}: positive weights on {np.sum(start[0][lit, u] > 0)} of "
        f"{lit.sum()} lit pixels; pre-activation {on_average[u]:.2f} on the "
        f"average digit, at most {pre[:, u].max():.2f}"
    )
print(
    f"{'lr':>5}{'dead units':>12}{'train acc':>11}{'loss':>8}  max |grad| of dead units"
)
for lr, (dead, acc, loss, grad) in zip(LEARNING_RATES, rows):
    print(f"{lr:>5}{dead:>7} / {HIDDEN}{acc:>11.3f}{loss:>8.3f}  {grad}")

dead = result[:, 0]
assert np.all(np.diff(dead) > 0) and dead[0] == dead_at_start, (
    "more dead units as lr grows"
)
assert all(np.sum(start[0][lit, u] > 0) > 10 for u in dead_units), (
    "dead at the start with many positive weights"
)
assert set(dead_units) == set(np.argsort(on_average)[:2]), (
    "the dead units are the two most negative on the average digit"
)
assert dead[-1] == HIDDEN, "lr = 10 kills every hidden unit"
assert abs(result[-1, 2] - np.log(10)) < 1e-3, "all dead: the net outputs a constant"
assert np.all(result[:, 3] == 0.0), "dead units get exactly zero gradient"
