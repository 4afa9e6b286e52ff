import numpy as np
import torch
from torch import nn

SEED = 0
N_IN, HIDDEN = 16, 32  # features per time step and hidden size of the RNN layers

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)


def count(module):
    return sum(p.numel() for p in module.parameters())


n, h = N_IN, HIDDEN
# layer, its parameter count in PyTorch, the closed-form formula
table = [
    ("Linear 64 -> 32", count(nn.Linear(64, 32)), 64 * 32 + 32),
    ("Conv2d 3x3, 1 -> 16", count(nn.Conv2d(1, 16, 3)), 3 * 3 * 1 * 16 + 16),
    ("Conv2d 3x3, 16 -> 32", count(nn.Conv2d(16, 32, 3)), 3 * 3 * 16 * 32 + 32),
    # PyTorch RNNs keep two bias vectors, b_ih and b_hh, for every gate
    ("LSTM 16 -> 32", count(nn.LSTM(n, h)), 4 * (h * (n + h) + 2 * h)),
    ("GRU 16 -> 32", count(nn.GRU(n, h)), 3 * (h * (n + h) + 2 * h)),
]
print(f"{'layer':<24}{'PyTorch':>8}{'formula':>9}")
for name, torch_count, formula in table:
    print(f"{name:<24}{torch_count:>8}{formula:>9}")
lstm = nn.LSTM(n, h)
print("LSTM weights:", {k: tuple(v.shape) for k, v in lstm.named_parameters()})


def conv_block(pool):
    maybe_pool = [nn.MaxPool2d(2)] if pool else []
    return [
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), *maybe_pool,
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), *maybe_pool,
        nn.Flatten(),
    ]  # fmt: skip


designs = {
    "MLP 64-128-10": nn.Sequential(
        nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)
    ),
    "CNN with pooling": nn.Sequential(
        *conv_block(pool=True), nn.Linear(32 * 2 * 2, 10)
    ),
    "same CNN, no pooling": nn.Sequential(
        *conv_block(pool=False), nn.Linear(32 * 8 * 8, 10)
    ),
}
print("designs for 8x8 digits, ten classes:")
for name, model in designs.items():
    print(f"  {name:<22}{count(model):>7}")

result = np.array([row[1] for row in table[:3]])  # layers counted alike by both
for name, torch_count, formula in table:
    assert torch_count == formula, f"{name}: PyTorch matches the formula"
counts = [count(m) for m in designs.values()]
assert counts == [64 * 128 + 128 + 128 * 10 + 10, 6090, 25290], "design totals"
