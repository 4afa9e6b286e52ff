import os
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
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

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mlp.onnx")
    # the dynamo-based exporter (torch.export underneath), batch size left dynamic
    batch = torch.export.Dim("batch", min=1, max=4096)
    torch.onnx.export(
        model,
        (x_te[:2],),
        path,
        dynamo=True,
        input_names=["pixels"],
        output_names=["logits"],
        dynamic_shapes=({0: batch},),
        external_data=False,  # weights inside the one file
        verbose=False,
    )
    size = os.path.getsize(path)
    proto = onnx.load(path)
    onnx.checker.check_model(proto, full_check=True)  # raises if invalid
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    out = sess.run(["logits"], {"pixels": X_te})[0]
    one = sess.run(["logits"], {"pixels": X_te[:1]})[0]

print("opset:", proto.opset_import[0].version)
print("nodes:", [n.op_type for n in proto.graph.node])
dims = proto.graph.input[0].type.tensor_type.shape.dim
print("input:", proto.graph.input[0].name, [x.dim_param or x.dim_value for x in dims])
# The exporter also records each node's source location (with the path of your Python
# installation), so the file's exact size varies from machine to machine; the weights do not.
weights = sum(len(t.raw_data) for t in proto.graph.initializer)
n_params = sum(p.numel() for p in model.parameters())
print("weights:", weights, "bytes for", n_params, "float32 parameters")
print("graph and metadata under 20 KB:", 0 < size - weights < 20_000)
diff = np.abs(out - ref.numpy()).max()
print("ONNX Runtime, max |diff| < 1e-5:", diff < 1e-5)
print("same predictions:", (out.argmax(1) == ref.numpy().argmax(1)).mean())

assert diff < 1e-5, "ONNX Runtime computes what PyTorch computes"
assert one.shape == (1, 10), "the batch dimension is dynamic"
assert (out.argmax(1) == ref.numpy().argmax(1)).all(), "same predictions"
assert weights == 4 * n_params, "the weights, stored as float32, inside the one file"
assert 0 < size - weights < 20_000, "plus a small graph"
