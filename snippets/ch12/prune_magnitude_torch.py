# book: tolerance ±0.03
import copy

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


# The chapter's base model: 64 -> 256 -> 256 -> 10
base = nn.Sequential(
    nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)
)
train(base, 20)
dense_acc = accuracy(base)

# What pruning does to one module: weight becomes weight_orig * weight_mask
demo = copy.deepcopy(base)
prune.l1_unstructured(demo[0], name="weight", amount=0.5)
print(
    "parameters:",
    [n for n, _ in demo[0].named_parameters()],
    "buffers:",
    [n for n, _ in demo[0].named_buffers()],
)
print(f"zeros in layer 0: {(demo[0].weight == 0).double().mean().item():.2f}")
prune.remove(demo[0], "weight")  # make it permanent: a plain weight again
print("after remove:", [n for n, _ in demo[0].named_parameters()])

# Global magnitude pruning of the three weight matrices, then 5 epochs of fine-tuning
linears = [m for m in base if isinstance(m, nn.Linear)]
total = sum(m.weight.numel() for m in linears)
print(f"{total} weights, dense test accuracy {dense_acc:.2f}")
print("sparsity  pruned  fine-tuned  zeros per layer")
table = {}
for s in [0.0, 0.5, 0.8, 0.9, 0.95]:
    model = copy.deepcopy(base)
    layers = [(m, "weight") for m in model if isinstance(m, nn.Linear)]
    prune.global_unstructured(layers, pruning_method=prune.L1Unstructured, amount=s)
    pruned = accuracy(model)
    train(model, 5)  # the masks stay: pruned weights stay zero
    for m, name in layers:
        prune.remove(m, name)
    tuned = accuracy(model)
    zeros = [(m.weight == 0).double().mean().item() for m, _ in layers]
    n_zero = sum(int((m.weight == 0).sum()) for m, _ in layers)
    table[s] = (pruned, tuned, n_zero)
    print(
        f"{s:6.0%}    {pruned:.2f}    {tuned:.2f}       "
        + " ".join(f"{z:.2f}" for z in zeros)
    )

assert dense_acc > 0.95, "the base model is accurate"
assert all(table[s][2] == round(s * total) for s in table), (
    "exactly s of the weights are zero"
)
assert table[0.5][0] > 0.93 and table[0.8][0] > 0.9, (
    "up to 80% barely hurts without retraining"
)
assert table[0.95][0] < 0.7, "at 95% the pruned model breaks"
assert table[0.95][1] > table[0.95][0] + 0.2 and table[0.95][1] > 0.8, (
    "fine-tuning recovers most of it"
)
assert all(table[s][1] > 0.93 for s in [0.5, 0.8, 0.9]), (
    "up to 90% fine-tuning recovers the accuracy"
)
