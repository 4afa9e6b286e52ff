import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

SEED, SHIFT = 0, 2  # 8x8 digits placed at a random offset in a 10x10 canvas
BUDGETS, SEEDS, STEPS = (5, 20), (0, 1, 2), 100
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


# Two pretrained trunks: one on the digits 0-4, one on the same images with their
# pixels shuffled by one fixed permutation (a source whose features do not fit).
shuffle = torch.tensor(np.random.default_rng(1).permutation(SIDE * SIDE))
trunks = {}
for source_name, x_source in (("digits", x_src), ("shuffled", x_src[:, shuffle])):
    pretrained = nn.Sequential(make_trunk(), nn.Linear(64, 5))
    groups = [{"params": pretrained.parameters(), "lr": 0.01}]
    loss = train(groups, pretrained, x_source, y_src, 100)
    print(f"pretrained on {source_name} 0-4: final loss {loss:.3f}")
    trunks[source_name] = pretrained[0].state_dict()


def run(strategy, n, seed):
    r = np.random.default_rng(seed)
    torch.manual_seed(seed)
    idx = np.concatenate([r.choice(pool[c], n, replace=False) for c in range(5, 10)])
    x, y = place(images[idx], r), torch.tensor(labels[idx] - 5)
    trunk, head = make_trunk(), nn.Linear(64, 5)  # a new head for the new classes
    model = nn.Sequential(trunk, head)
    if strategy != "scratch":  # fine-tune a pretrained trunk, 10x smaller lr
        trunk.load_state_dict(trunks[strategy])
    groups = [
        {"params": trunk.parameters(), "lr": 0.01 if strategy == "scratch" else 0.001},
        {"params": head.parameters(), "lr": 0.01},
    ]
    train(groups, model, x, y, STEPS)
    with torch.no_grad():
        return (model(x_test).argmax(1) == y_test).double().mean().item()


STRATEGIES = ("scratch", "digits", "shuffled")
print(f"test accuracy on digits 5-9, mean of {len(SEEDS)} seeds; fine-tuned from:")
print("labels/class  " + "  ".join(f"{s:>9}" for s in STRATEGIES))
acc = {}
for n in BUDGETS:
    for s in STRATEGIES:
        acc[s, n] = np.mean([run(s, n, seed) for seed in SEEDS])
    print(f"{n:12d}  " + "  ".join(f"{acc[s, n]:9.3f}" for s in STRATEGIES))

for n in BUDGETS:
    assert acc["digits", n] > acc["scratch", n] - 0.01, "a related source does not hurt"
    assert acc["shuffled", n] < acc["scratch", n] - 0.015, "negative transfer"
