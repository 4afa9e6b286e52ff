import os
import tempfile

import keras
import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)
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

# the same network in Keras, float32; Dense stores W as (in, out)
model = keras.Sequential(
    [
        keras.Input((64,), name="pixels"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10),
    ]
)
for layer, (W, b) in zip(model.layers, [(W1, b1), (W2, b2), (W3, b3)]):
    layer.set_weights([W.astype(np.float32), b.astype(np.float32)])
framework = model.predict(X_te, verbose=0)

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mlp.tflite")
    model.export(path, format="litert", verbose=False)  # SavedModel -> converter
    with open(path, "rb") as f:
        interpreter = Interpreter(model_content=f.read())
inp = interpreter.get_input_details()[0]
outp = interpreter.get_output_details()[0]


def run(x):
    interpreter.resize_tensor_input(inp["index"], list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], np.ascontiguousarray(x, np.float32))
    interpreter.invoke()
    return interpreter.get_tensor(outp["index"])


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
