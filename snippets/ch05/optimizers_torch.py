import numpy as np
import torch
from sklearn.datasets import load_digits

SEED = 0
STEPS = 60
WEIGHT_DECAY = 0.5

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

digits = load_digits()
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
w0 = rng.normal(0.0, 0.01, size=(64, 10)).astype(np.float32)

OPTIMIZERS = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.5),
    "SGD+momentum": lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.05),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=WEIGHT_DECAY),
}


def train(make_optimizer):
    """Full-batch softmax regression from the same initial weights."""
    model = torch.nn.Linear(64, 10)
    with torch.no_grad():
        model.weight.copy_(torch.from_numpy(w0.T))
        model.bias.zero_()
    optimizer = make_optimizer(model.parameters())
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(1) == y).float().mean().item()
    return loss, accuracy, model.weight.norm().item()


results = {name: train(make) for name, make in OPTIMIZERS.items()}
result = np.array([loss for loss, _, _ in results.values()])

print(f"{'optimizer':<14}{'loss':>8}{'accuracy':>10}{'|W|':>8}")
for name, (loss, accuracy, norm) in results.items():
    print(f"{name:<14}{loss:>8.3f}{accuracy:>10.3f}{norm:>8.2f}")

loss = {name: r[0] for name, r in results.items()}
norm = {name: r[2] for name, r in results.items()}
assert loss["SGD+momentum"] < loss["SGD"], "momentum must beat plain SGD here"
assert loss["Adam"] < loss["SGD"], "Adam must beat plain SGD here"
assert norm["AdamW"] < norm["Adam"], "weight decay must shrink the weights"
