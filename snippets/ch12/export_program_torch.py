import os
import tempfile

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# book: tolerance ±0.01

torch.manual_seed(0)
torch.set_num_threads(1)  # small model: one thread is fastest

# the chapter's base model: digits, MLP 64-256-256-10, Adam, 20 epochs
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
model = torch.nn.Sequential(
    torch.nn.Linear(64, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
Xt, yt = torch.tensor(X_tr), torch.tensor(y_tr)
for _epoch in range(20):
    perm = torch.randperm(len(Xt))
    for i in range(0, len(Xt), 64):
        idx = perm[i : i + 64]
        loss = torch.nn.functional.cross_entropy(model(Xt[idx]), yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
model.eval()
x_te = torch.tensor(X_te)
with torch.no_grad():
    ref = model(x_te)
print(f"test accuracy: {(ref.argmax(1).numpy() == y_te).mean():.3f}")

# capture the whole forward pass as one graph; the batch size stays symbolic
batch = torch.export.Dim("batch", min=1, max=4096)
ep = torch.export.export(model, (x_te[:2],), dynamic_shapes=({0: batch},))
ops = [str(n.target) for n in ep.graph.nodes if n.op == "call_function"]
print("ops:", {op: ops.count(op) for op in dict.fromkeys(ops)})
kinds = [spec.kind.name for spec in ep.graph_signature.input_specs]
print("graph inputs:", {k: kinds.count(k) for k in dict.fromkeys(kinds)})
(rng,) = ep.range_constraints.values()  # one symbol: the batch size
print(f"batch size: symbolic, from {int(rng.lower)} to {int(rng.upper)}")

with torch.no_grad():
    out = ep.module()(x_te)  # an nn.Module again, for the whole test set
    one = ep.module()(x_te[:1])  # and for a batch of one
diff = (out - ref).abs().max().item()
print("max |diff| < 1e-5:", diff < 1e-5)

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mlp.pt2")
    torch.export.save(ep, path)  # a zip archive: graph, weights, metadata
    loaded = torch.export.load(path)
    with torch.no_grad():
        out2 = loaded.module()(x_te)
diff2 = (out2 - ref).abs().max().item()
print("reloaded from .pt2, max |diff| < 1e-5:", diff2 < 1e-5)

assert ops.count("aten.linear.default") == 3 and ops.count("aten.relu.default") == 2, (
    ops
)
assert diff < 1e-5 and diff2 < 1e-5, "the exported program computes the model"
assert one.shape == (1, 10), "the batch dimension is dynamic"
assert (out.argmax(1) == ref.argmax(1)).all(), "same predictions"
