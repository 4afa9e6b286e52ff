# book: tolerance ±0.03
import copy
import io
import warnings
import zlib

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


def mlp(hidden):
    return nn.Sequential(
        nn.Linear(64, hidden),
        nn.ReLU(),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, 10),
    )


def file_bytes(model):  # the saved state_dict, as torch.save writes it
    buf = io.BytesIO()
    state = model.state_dict()  # sorted: prune.remove re-registers weight last
    torch.save({k: state[k] for k in sorted(state)}, buf)
    return buf.getvalue()


def describe(name, model, acc, tuned):
    data = file_bytes(model)
    shapes = " ".join(str(tuple(m.weight.shape)) for m in model[::2])
    params = sum(p.numel() for p in model.parameters())
    print(
        f"{name:12s} {shapes:28s} {params:6d} {len(data):7d}  "
        f"{len(zlib.compress(data, 9)) / len(data):.2f}   {acc:.2f}  {tuned:.2f}"
    )
    return params, len(data)


base = mlp(256)
train(base, 20)

# Structured: zero the half of the rows (neurons) of each hidden layer with the
# smallest L2 norm, then rebuild the model without them
masked = copy.deepcopy(base)
for m in masked[0], masked[2]:
    prune.ln_structured(m, "weight", amount=0.5, n=2, dim=0)
    prune.remove(m, "weight")
keep1 = masked[0].weight.abs().sum(1) > 0  # surviving neurons of layer 1
keep2 = masked[2].weight.abs().sum(1) > 0
small = mlp(128)
with torch.no_grad():
    # A zeroed neuron still outputs the constant ReLU(bias): fold it into the next bias
    const1 = masked[0].bias.relu() * ~keep1
    const2 = masked[2].bias.relu() * ~keep2
    small[0].weight.copy_(masked[0].weight[keep1])
    small[0].bias.copy_(masked[0].bias[keep1])
    small[2].weight.copy_(masked[2].weight[keep2][:, keep1])  # rows and columns
    small[2].bias.copy_((masked[2].bias + masked[2].weight @ const1)[keep2])
    small[4].weight.copy_(masked[4].weight[:, keep2])  # columns only
    small[4].bias.copy_(masked[4].bias + masked[4].weight @ const2)
    gap = (masked(Xte) - small(Xte)).abs().max().item()
removed = sum(m.weight.numel() for m in base[::2]) - sum(
    m.weight.numel() for m in small[::2]
)
total = sum(m.weight.numel() for m in base[::2])

# Unstructured: the same number of weights, the smallest |w| over all three layers
sparse = copy.deepcopy(base)
layers = [(m, "weight") for m in sparse[::2]]
prune.global_unstructured(layers, pruning_method=prune.L1Unstructured, amount=removed)
acc_sparse = accuracy(sparse)
acc_small = accuracy(small)
train(small, 5)
train(sparse, 5)
for m, name in layers:
    prune.remove(m, name)

print(f"removed {removed} of {total} weights ({removed / total:.1%})")
print("model        weight shapes                params   bytes  zlib  pruned tuned")
p0, b0 = describe("dense", base, accuracy(base), accuracy(base))
p1, b1 = describe("structured", small, acc_small, accuracy(small))
p2, b2 = describe("unstructured", sparse, acc_sparse, accuracy(sparse))
warnings.filterwarnings("ignore", message="Sparse CSR")  # beta-API notice
csr = [m.weight.detach().to_sparse_csr() for m in sparse[::2]]
csr_bytes = sum(
    sum(
        t.numel() * t.element_size()
        for t in (c.values(), c.col_indices(), c.crow_indices())
    )
    for c in csr
)
nnz = sum(c.values().numel() for c in csr)
print(
    f"unstructured weights as CSR: {nnz} values, {csr_bytes} bytes "
    f"(dense float32: {4 * total})"
)

assert gap < 1e-4, "the smaller model computes the same function as the masked one"
assert p1 < p0 / 3 and b1 < b0 / 3, "structured pruning shrinks the model and its file"
assert p2 == p0 and b2 == b0, "unstructured pruning leaves the file as large as before"
assert nnz == total - removed, "the same number of weights survive"
assert acc_sparse > acc_small, (
    "at equal sparsity, unstructured loses less before fine-tuning"
)
assert accuracy(small) > 0.93 and accuracy(sparse) > 0.93, (
    "both recover after fine-tuning"
)
