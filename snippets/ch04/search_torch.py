import itertools

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
N_TRAIN, N_VAL = 200, 600  # the rest (997 images) is the test set
HIDDEN, EPOCHS, TRIALS = 128, 30, 9  # every method gets 9 * 30 = 270 epochs

torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.data[order] / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]
x_test, y_test = x[N_TRAIN + N_VAL :], y[N_TRAIN + N_VAL :]


@torch.no_grad()
def accuracy(model, x, y):
    return (model(x).argmax(1) == y).float().mean().item()


def train(lr, l2, epochs):
    """Full-batch Adam from the same initialization; returns (val acc, model)."""
    torch.manual_seed(SEED)
    model = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        penalty = l2 * (model[0].weight.pow(2).sum() + model[2].weight.pow(2).sum())
        loss = F.cross_entropy(model(x_train), y_train) + penalty
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return accuracy(model, x_val, y_val), model


def show(config):
    return f"lr={config[0]:.2g}, l2={config[1]:.1g}"


def search(configs, epochs):
    """Train every config; return the best (val acc, config, model)."""
    runs = [(*train(*c, epochs), c) for c in configs]
    acc, model, config = max(runs, key=lambda r: r[0])  # first best on ties
    return acc, config, model


# Grid: 3 x 3 points, log-spaced. Only 3 distinct learning rates get tried.
grid = list(itertools.product([1e-4, 10**-2.5, 1e-1], [1e-6, 1e-4, 1e-2]))
# Random: 9 points drawn log-uniformly, 9 distinct learning rates.
rand = [(10 ** rng.uniform(-4, -1), 10 ** rng.uniform(-6, -2)) for _ in range(TRIALS)]

winners = {}
for name, configs in (("grid", grid), ("random", rand)):
    acc, config, model = search(configs, EPOCHS)
    winners[name] = model
    lrs = len({c[0] for c in configs})
    print(
        f"{name}: {len(configs)} trials, {len(configs) * EPOCHS} epochs, {lrs} learning rates"
    )
    print(f"  best {show(config)}: val acc {acc:.3f}")

# Successive halving on the same 9 random configs: train all briefly,
# keep the best third, give the survivors 3x the epochs, repeat.
survivors, epochs, spent = rand, 10, 0
while True:
    runs = sorted([(*train(*c, epochs), c) for c in survivors], key=lambda r: -r[0])
    spent += len(survivors) * epochs
    print(
        f"halving: {len(survivors)} configs x {epochs} epochs, "
        f"best {show(runs[0][2])} val acc {runs[0][0]:.3f}"
    )
    if len(survivors) == 1:
        break
    survivors = [r[2] for r in runs[: len(survivors) // 3]]
    epochs *= 3
winners["halving"] = runs[0][1]
print(f"halving: {spent} epochs in total")

# The test set is touched once, after the search, to report the winners.
test = {name: accuracy(m, x_test, y_test) for name, m in winners.items()}
print("test acc of the winners:", {k: round(v, 3) for k, v in test.items()})

assert len(grid) == len(rand) == TRIALS, "same number of trials"
assert spent == TRIALS * EPOCHS, "successive halving used the same budget"
assert test["random"] >= 0.8 and test["halving"] >= 0.8, "the winners generalize"
assert test["grid"] < test["random"] <= test["halving"], "random beats grid; halving"
