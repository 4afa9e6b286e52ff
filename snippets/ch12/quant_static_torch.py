import io

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)  # small model: one thread is fastest
# book: tolerance ±0.02

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
with torch.no_grad():
    ref = model(torch.tensor(X_te)).argmax(1).numpy()

# eager mode: mark where tensors enter and leave int8
q = torch.ao.quantization
# int8 kernels: x86 (fbgemm/oneDNN) on Intel and AMD, qnnpack on ARM
engines = torch.backends.quantized.supported_engines
torch.backends.quantized.engine = "x86" if "x86" in engines else "qnnpack"
qmodel = torch.nn.Sequential(q.QuantStub(), *model, q.DeQuantStub()).eval()
qmodel = q.fuse_modules(qmodel, [["1", "2"], ["3", "4"]])  # Linear + ReLU as one op
qmodel.qconfig = q.get_default_qconfig("x86")  # which observers to attach
print("activation observer:", type(qmodel.qconfig.activation()).__name__)
print("weight observer:", type(qmodel.qconfig.weight()).__name__)
q.prepare(qmodel, inplace=True)
with torch.no_grad():  # calibration: 200 training images through the observers
    qmodel(torch.tensor(X_tr[:200]))
q.convert(qmodel, inplace=True)
layer = qmodel[1]
print(type(layer).__module__.split(".modules")[0] + "." + type(layer).__name__)
print("weights:", layer.weight().dtype, layer.weight().qscheme())


def size(m):
    buffer = io.BytesIO()
    torch.save(m.state_dict(), buffer)
    return buffer.getbuffer().nbytes


with torch.no_grad():
    pred = qmodel(torch.tensor(X_te)).argmax(1).numpy()
acc_f, acc_q = (ref == y_te).mean(), (pred == y_te).mean()
print("state_dict size: float32", size(model), "bytes")
print(f"static int8 / float32: {size(qmodel) / size(model):.2f}")
print(f"accuracy: float {acc_f:.3f}, int8 {acc_q:.3f}")
print(f"same predictions: {(pred == ref).mean():.3f}")

assert size(qmodel) < 0.3 * size(model), "about four times smaller"
assert abs(acc_f - acc_q) < 0.02, "accuracy drops by less than 0.02"
assert (pred == ref).mean() > 0.97, "almost the same predictions"
