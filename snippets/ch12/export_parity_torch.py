import os
import tempfile

import numpy as np
import onnxruntime as ort
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(0)

digits = load_digits()
X = (digits.data / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)

# weights made in NumPy, the same in both tabs: two random ReLU layers
# and a ridge-regression readout fitted on their features (float64)
W1, b1 = rng.normal(0, np.sqrt(2 / 64), (64, 256)), rng.normal(0, 0.1, 256)
W2, b2 = rng.normal(0, np.sqrt(2 / 256), (256, 256)), rng.normal(0, 0.1, 256)


def features(x):
    return np.maximum(np.maximum(x @ W1 + b1, 0) @ W2 + b2, 0)


H = features(X_tr.astype(np.float64))
W3 = np.linalg.solve(H.T @ H + 1.0 * np.eye(256), H.T @ np.eye(10)[y_tr])
b3 = np.zeros(10)
reference = features(X_te.astype(np.float64)) @ W3 + b3  # float64 reference

# the same network in PyTorch, float32; nn.Linear stores W as (out, in)
model = torch.nn.Sequential(
    torch.nn.Linear(64, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 10),
).eval()
with torch.no_grad():
    for layer, (W, b) in zip(model[::2], [(W1, b1), (W2, b2), (W3, b3)]):
        layer.weight.copy_(torch.tensor(W.T))
        layer.bias.copy_(torch.tensor(b))
    framework = model(torch.tensor(X_te)).numpy()

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mlp.onnx")
    batch = torch.export.Dim("batch", min=1, max=4096)
    torch.onnx.export(
        model,
        (torch.tensor(X_te[:2]),),
        path,
        dynamo=True,
        input_names=["pixels"],
        output_names=["logits"],
        dynamic_shapes=({0: batch},),
        external_data=False,
        verbose=False,
    )
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])


def run(x):
    return sess.run(["logits"], {"pixels": x})[0]


runtime = run(X_te)
single = np.concatenate([run(X_te[i : i + 1]) for i in range(len(X_te))])
d_fw = np.abs(framework - reference).max()
d_rt = np.abs(runtime - framework).max()
d_one = np.abs(single - runtime).max()
print("float32 framework vs float64 reference, max |diff| < 1e-4:", d_fw < 1e-4)
print("runtime vs framework, max |diff| < 1e-5:", d_rt < 1e-5)
print("batch of 1 vs batch of 540, max |diff| < 1e-5:", d_one < 1e-5)
acc = {
    "reference": (reference.argmax(1) == y_te).mean(),
    "runtime": (runtime.argmax(1) == y_te).mean(),
    # two classic pipeline bugs, invisible to the exported file itself
    "runtime, pixels 0..16": (run(X_te * 16).argmax(1) == y_te).mean(),
    "runtime, images transposed": (
        run(X_te.reshape(-1, 8, 8).transpose(0, 2, 1).reshape(-1, 64)).argmax(1) == y_te
    ).mean(),
}
for name, a in acc.items():
    print(f"accuracy, {name}: {a:.3f}")
scale = np.abs(run(X_te * 16)).mean() / np.abs(runtime).mean()
print("pixels 0..16: mean |logit| over 10 times larger:", scale > 10)
result = runtime

assert d_fw < 1e-4 and d_rt < 1e-5 and d_one < 1e-5, "numerical parity"
assert (runtime.argmax(1) == reference.argmax(1)).all(), "same predictions"
assert acc["runtime"] > 0.9, "the readout classifies the digits"
assert scale > 10 and acc["runtime, pixels 0..16"] < acc["runtime"], "scale bug"
assert acc["runtime, images transposed"] < acc["runtime"] - 0.3, "layout bug"
