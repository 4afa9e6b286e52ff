import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

SEED, SHIFT = 0, 2  # 8x8 digits placed at a random offset in a 10x10 canvas
BUDGETS, SEEDS, STEPS = (5, 10, 20, 50, 100), (0, 1), 100
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
images, labels = digits.images / 16.0, digits.target
SIDE = 8 + SHIFT


def place(ims, r):
    """Put each 8x8 image at a random offset in a SIDE x SIDE canvas, flattened."""
    out = np.zeros((len(ims), SIDE, SIDE))
    for i, (a, b) in enumerate(r.integers(0, SHIFT + 1, (len(ims), 2))):
        out[i, a : a + 8, b : b + 8] = ims[i]
    return torch.tensor(out.reshape(len(ims), -1))


# Source task: digits 0-4 (every image twice, at two random offsets).
source = np.tile(np.flatnonzero(labels < 5), 2)
x_src, y_src = place(images[source], rng), torch.tensor(labels[source])
# Target task: digits 5-9; 70 test images per class, the rest is the labelled pool.
test, pool = [], {}
for c in range(5, 10):
    idx = rng.permutation(np.flatnonzero(labels == c))
    test += list(idx[:70])
    pool[c] = idx[70:]
x_test, y_test = place(images[test], rng), torch.tensor(labels[test] - 5)


def make_trunk():
    return nn.Sequential(
        nn.Linear(SIDE * SIDE, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU()
    )


def train(groups, model, x, y, steps):
    """Full-batch Adam; groups are optimizer parameter groups with their own lr."""
    opt = torch.optim.Adam(groups)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()


# "Pretraining": trunk + 5-way head on the source task.
pretrained = nn.Sequential(make_trunk(), nn.Linear(64, 5))
loss = train(
    [{"params": pretrained.parameters(), "lr": 0.01}], pretrained, x_src, y_src, 100
)
print(f"pretrained on digits 0-4: {len(source)} images, final loss {loss:.3f}")
trunk_state = pretrained[0].state_dict()


def run(strategy, n, seed):
    r = np.random.default_rng(seed)
    torch.manual_seed(seed)
    idx = np.concatenate([r.choice(pool[c], n, replace=False) for c in range(5, 10)])
    x, y = place(images[idx], r), torch.tensor(labels[idx] - 5)
    trunk, head = make_trunk(), nn.Linear(64, 5)  # a new head for the new classes
    model = nn.Sequential(trunk, head)
    if strategy == "scratch":
        groups = [{"params": model.parameters(), "lr": 0.01}]
    else:
        trunk.load_state_dict(trunk_state)
    if strategy == "frozen":
        trunk.requires_grad_(False)  # feature extraction: only the head learns
        groups = [{"params": head.parameters(), "lr": 0.01}]
    if strategy == "fine-tune":  # all layers; the trunk with a 10x smaller lr
        groups = [
            {"params": trunk.parameters(), "lr": 0.001},
            {"params": head.parameters(), "lr": 0.01},
        ]
    train(groups, model, x, y, STEPS)
    with torch.no_grad():
        return (model(x_test).argmax(1) == y_test).double().mean().item()


STRATEGIES = ("scratch", "frozen", "fine-tune")
print(f"test accuracy on digits 5-9 ({len(test)} images), mean of {len(SEEDS)} seeds")
print("labels/class  " + "  ".join(f"{s:>9}" for s in STRATEGIES))
acc = {}
for n in BUDGETS:
    for s in STRATEGIES:
        acc[s, n] = np.mean([run(s, n, seed) for seed in SEEDS])
    print(f"{n:12d}  " + "  ".join(f"{acc[s, n]:9.3f}" for s in STRATEGIES))

fig, ax = plt.subplots(figsize=(6, 4), facecolor="white")
for s, marker in zip(STRATEGIES, "os^"):
    ax.plot(BUDGETS, [acc[s, n] for n in BUDGETS], marker=marker, label=s)
ax.set_xscale("log")
ax.set_xticks(BUDGETS, [str(n) for n in BUDGETS])
ax.set(
    xlabel="labelled images per class (log scale)", ylabel="test accuracy, digits 5-9"
)
ax.set_title("Transfer from digits 0-4 to digits 5-9")
ax.legend()
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

lo, hi = BUDGETS[0], BUDGETS[-1]
assert acc["fine-tune", lo] > acc["scratch", lo], "transfer helps with 5 labels"
assert acc["frozen", hi] < acc["scratch", hi] - 0.1, "frozen features cap accuracy"
for n in BUDGETS[:2]:
    assert acc["fine-tune", n] == max(acc[s, n] for s in STRATEGIES), (
        "fine-tuning leads"
    )
assert acc["scratch", hi] > acc["fine-tune", hi], "scratch overtakes at 100"
