# book: tolerance ±0.03
import copy

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn
from torch.nn.utils import prune

torch.manual_seed(0)
torch.set_num_threads(1)  # a tiny model runs fastest on one thread
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
Xtr, Xte, ytr, yte = map(torch.tensor, (Xtr, Xte, ytr, yte))


def train(model, epochs):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for idx in torch.randperm(len(Xtr)).split(64):
            loss = nn.functional.cross_entropy(model(Xtr[idx]), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()


def accuracy(model):
    with torch.no_grad():
        return (model(Xte).argmax(1) == yte).double().mean().item()


base = nn.Sequential(
    nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)
)
train(base, 20)
total = sum(m.weight.numel() for m in base[::2])


def run(prune_fn):  # returns (fraction of weights removed, accuracy, after fine-tuning)
    model = copy.deepcopy(base)
    prune_fn(model)
    acc = accuracy(model)
    train(model, 5)  # the masks stay on while fine-tuning
    # a zero row of layer 0 also makes the matching column of layer 2 useless
    alive1 = (model[0].weight != 0).any(1)
    alive2 = (model[2].weight[:, alive1] != 0).any(1)
    used = (
        (model[0].weight != 0).sum()
        + (model[2].weight[alive2][:, alive1] != 0).sum()
        + (model[4].weight[:, alive2] != 0).sum()
    )
    return 1 - used.item() / total, acc, accuracy(model)


def unstructured(s):
    def fn(model):
        layers = [(m, "weight") for m in model[::2]]
        prune.global_unstructured(layers, pruning_method=prune.L1Unstructured, amount=s)

    return fn


def structured(f):  # remove a fraction f of the neurons of both hidden layers
    def fn(model):
        for m in model[0], model[2]:
            prune.ln_structured(m, "weight", amount=f, n=2, dim=0)

    return fn


uns = np.array([run(unstructured(s)) for s in [0, 0.5, 0.7, 0.8, 0.9, 0.95]])
st = np.array([run(structured(f)) for f in [0, 0.25, 0.5, 0.75, 0.875]])
print("unstructured (removed, pruned, fine-tuned):", np.round(uns, 2).tolist())
print("structured   (removed, pruned, fine-tuned):", np.round(st, 2).tolist())
assert uns[2, 1] > st[2, 1] + 0.03, "at about 70% removed, unstructured loses less"
assert uns[4, 2] > 0.9 and st[3, 2] > 0.9, "after fine-tuning both are fine near 90%"

fig, ax = plt.subplots(figsize=(7, 4), facecolor="white")
ax.plot(
    100 * uns[:, 0], uns[:, 1], "o--", color="#1f77b4", label="unstructured, pruned"
)
ax.plot(
    100 * uns[:, 0], uns[:, 2], "o-", color="#1f77b4", label="unstructured, fine-tuned"
)
ax.plot(100 * st[:, 0], st[:, 1], "s--", color="#d62728", label="structured, pruned")
ax.plot(100 * st[:, 0], st[:, 2], "s-", color="#d62728", label="structured, fine-tuned")
ax.set(
    xlabel="weights removed (%)",
    ylabel="test accuracy",
    ylim=(0, 1.02),
    title="Magnitude pruning of the 64-256-256-10 MLP on digits",
)
ax.grid(alpha=0.3)
ax.legend(loc="lower left", fontsize=9)
fig.tight_layout()
plt.show()
