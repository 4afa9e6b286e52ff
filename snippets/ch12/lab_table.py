import contextlib
import gzip
import io
import os
import tempfile
import time
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import torch
import torch.nn.functional as F
from ai_edge_litert.interpreter import Interpreter
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

warnings.filterwarnings("ignore")  # quantize_dynamic's deprecation warning
tf.get_logger().setLevel("ERROR")  # the converter's "Assets written" lines
keras.utils.set_random_seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)  # compare one core in both frameworks
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
T, ALPHA = 4.0, 0.9  # distillation temperature and weight
rows = []


def median_ms(fn, x, repeats):
    fn(x)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def add(framework, name, nbytes, gz, predict):
    acc = float(np.mean(np.argmax(predict(Xte), 1) == yte))
    ms1 = median_ms(predict, Xte[:1], 200)
    ms256 = median_ms(predict, Xte[:256], 30)
    rows.append((framework, name, nbytes, gz, ms1, ms256, acc))


def magnitude_masks(weights, sparsity):  # per layer, kernels only
    return [
        (np.abs(w) > np.quantile(np.abs(w), sparsity)).astype(np.float32)
        if w.ndim == 2
        else np.ones_like(w)
        for w in weights
    ]


def keep_units(kernels, fraction):  # hidden units with the largest incoming L2 norm
    return [
        np.sort(np.argsort(-np.linalg.norm(k, axis=0))[: int(fraction * k.shape[1])])
        for k in kernels[:-1]
    ]


# ---------------- Keras / TFLite ----------------
def keras_mlp(hidden, compile=True):
    model = keras.Sequential([keras.Input((64,))])
    for units in hidden:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(10))
    if compile:
        model.compile(
            optimizer=keras.optimizers.Adam(1e-3),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )
    return model


def keras_bytes(model):
    path = os.path.join(tempfile.mkdtemp(), "m.keras")
    weights = model.get_weights()
    clone = keras_mlp([w.shape[1] for w in weights[:-2:2]], compile=False)
    clone.set_weights(weights)  # not compiled: the file holds no optimizer state
    clone.save(path)
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data))


def keras_predict(model):
    fn = tf.function(lambda x: model(x, training=False))
    return lambda x: fn(tf.constant(x)).numpy()


def keras_masked_finetune(model, masks, epochs=3):
    def apply():
        model.set_weights([w * m for w, m in zip(model.get_weights(), masks)])

    apply()
    cb = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: apply())
    model.fit(Xtr, ytr, batch_size=64, epochs=epochs, verbose=0, callbacks=[cb])
    return model


tf_base = keras_mlp([256, 256])
tf_base.fit(Xtr, ytr, batch_size=64, epochs=20, verbose=0)
add("Keras", "float32", *keras_bytes(tf_base), keras_predict(tf_base))

pruned = keras_mlp([256, 256])
pruned.set_weights(tf_base.get_weights())
keras_masked_finetune(pruned, magnitude_masks(pruned.get_weights(), 0.8))
add("Keras", "pruned 80% (masks)", *keras_bytes(pruned), keras_predict(pruned))

w = tf_base.get_weights()  # [k1, b1, k2, b2, k3, b3]
i1, i2 = keep_units([w[0], w[2], w[4]], 0.5)
small = keras_mlp([128, 128])
small.set_weights([w[0][:, i1], w[1][i1], w[2][i1][:, i2], w[3][i2], w[4][i2], w[5]])
small.fit(Xtr, ytr, batch_size=64, epochs=3, verbose=0)
add("Keras", "50% of units removed", *keras_bytes(small), keras_predict(small))


def representative_data():
    for i in range(100):
        yield [Xtr[i : i + 1]]


converter = tf.lite.TFLiteConverter.from_keras_model(tf_base)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative_data
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
with contextlib.redirect_stdout(io.StringIO()):  # the converter's log
    tflite_int8 = converter.convert()
interpreter = Interpreter(model_content=tflite_int8)
inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]


def tflite_predict(x):
    if interpreter.get_input_details()[0]["shape"][0] != len(x):
        interpreter.resize_tensor_input(inp["index"], [len(x), 64])
        interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(out["index"])


interpreter.allocate_tensors()
add(
    "LiteRT",
    "int8 (weights and activations)",
    len(tflite_int8),
    len(gzip.compress(tflite_int8)),
    tflite_predict,
)

z_tf = tf_base.predict(Xtr, verbose=0)
targets = np.concatenate([np.eye(10, dtype=np.float32)[ytr], z_tf], 1)


def kd_loss(y, z):  # y = [one-hot label | teacher logits]
    hard = keras.losses.categorical_crossentropy(y[:, :10], z, from_logits=True)
    p_t, p_s = tf.nn.softmax(y[:, 10:] / T), tf.nn.log_softmax(z / T)
    soft = tf.reduce_sum(p_t * (tf.math.log(p_t + 1e-12) - p_s), axis=1)
    return ALPHA * T**2 * soft + (1 - ALPHA) * hard


for name, loss, y in [
    ("student 64-32-10 alone", None, ytr),
    ("student 64-32-10 distilled", kd_loss, targets),
]:
    keras.utils.set_random_seed(1)
    student = keras_mlp([32])
    if loss is not None:
        student.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)
    student.fit(Xtr, y, batch_size=64, epochs=40, verbose=0)
    add("Keras", name, *keras_bytes(student), keras_predict(student))


# ---------------- PyTorch ----------------
def torch_mlp(hidden):
    sizes, layers = [64, *hidden], []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(sizes[-1], 10))


def torch_train(model, epochs, loss_fn=F.cross_entropy, y=None, after_step=None):
    y = torch.tensor(ytr) if y is None else y
    x = torch.tensor(Xtr)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        for idx in torch.randperm(len(x)).split(64):
            loss = loss_fn(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if after_step:
                after_step()
    return model


def torch_bytes(model):
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    data = buffer.getvalue()
    return len(data), len(gzip.compress(data))


def torch_predict(model):
    model.eval()

    def predict(x):
        with torch.inference_mode():
            return model(torch.from_numpy(x)).numpy()

    return predict


base = torch_train(torch_mlp([256, 256]), 20)
add("PyTorch", "float32", *torch_bytes(base), torch_predict(base))

pruned = torch_mlp([256, 256])
pruned.load_state_dict(base.state_dict())
params = list(pruned.parameters())
masks = [
    torch.tensor(m)
    for m in magnitude_masks([p.detach().numpy().T for p in params], 0.8)
]
masks = [m.T for m in masks]


def apply_masks():
    with torch.no_grad():
        for p, m in zip(params, masks):
            p.mul_(m)


apply_masks()
torch_train(pruned, 3, after_step=apply_masks)
add("PyTorch", "pruned 80% (masks)", *torch_bytes(pruned), torch_predict(pruned))

w = [p.detach().numpy() for p in base.parameters()]  # W1 (256, 64), b1, W2, b2, W3, b3
i1, i2 = keep_units([w[0].T, w[2].T, w[4].T], 0.5)
small = torch_mlp([128, 128])
with torch.no_grad():
    for p, v in zip(
        small.parameters(),
        [w[0][i1], w[1][i1], w[2][i2][:, i1], w[3][i2], w[4][:, i2], w[5]],
    ):
        p.copy_(torch.tensor(v))
torch_train(small, 3)
add("PyTorch", "50% of units removed", *torch_bytes(small), torch_predict(small))

qmodel = torch.ao.quantization.quantize_dynamic(base, {nn.Linear}, dtype=torch.qint8)
add("PyTorch", "dynamic int8 (weights)", *torch_bytes(qmodel), torch_predict(qmodel))

with torch.no_grad():
    z_t = base(torch.tensor(Xtr))


def torch_kd(z, idx):
    soft = F.kl_div(
        F.log_softmax(z / T, 1), F.softmax(z_t[idx] / T, 1), reduction="batchmean"
    )
    return ALPHA * T**2 * soft + (1 - ALPHA) * F.cross_entropy(
        z, torch.tensor(ytr)[idx]
    )


for name, loss_fn, y in [
    ("student 64-32-10 alone", F.cross_entropy, None),
    ("student 64-32-10 distilled", torch_kd, torch.arange(len(ytr))),
]:
    torch.manual_seed(1)
    student = torch_train(torch_mlp([32]), 40, loss_fn, y)
    add("PyTorch", name, *torch_bytes(student), torch_predict(student))

print(
    "| framework | model | bytes | gzip bytes | batch 1, ms | batch 256, ms | accuracy |"
)
print("|---|---|---:|---:|---:|---:|---:|")
for f, name, nbytes, gz, ms1, ms256, acc in rows:
    print(
        f"| {f} | {name} | {nbytes:,} | {gz:,} | {ms1:.3f} | {ms256:.3f} | {acc:.3f} |"
    )

table = {(f, name): (nbytes, gz, acc) for f, name, nbytes, gz, *_, acc in rows}
for f in ["Keras", "PyTorch"]:
    ref_bytes, ref_gz, ref_acc = table[f, "float32"]
    assert ref_acc > 0.93, f"{f}: the float model is good"
    assert table[f, "pruned 80% (masks)"][1] < 0.6 * ref_gz, f"{f}: zeros compress"
    assert table[f, "50% of units removed"][0] < 0.4 * ref_bytes, (
        f"{f}: smaller matrices"
    )
    assert (
        table[f, "student 64-32-10 distilled"][2]
        < table[f, "student 64-32-10 alone"][2] + 0.02
    ), f"{f}: no clear gain"
    for key, (_, _, acc) in table.items():
        if key[0] == f:
            assert acc > ref_acc - 0.06, f"{key}: accuracy within 0.06 of float"
assert (
    table["LiteRT", "int8 (weights and activations)"][0]
    < 0.4 * table["Keras", "float32"][0]
)
assert (
    table["PyTorch", "dynamic int8 (weights)"][0] < 0.4 * table["PyTorch", "float32"][0]
)
assert (
    abs(
        table["LiteRT", "int8 (weights and activations)"][2]
        - table["Keras", "float32"][2]
    )
    < 0.02
)

# Size against accuracy, and the time of a batch of 256, for every variant
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), facecolor="white")
colours = {"Keras": "tab:orange", "LiteRT": "tab:red", "PyTorch": "tab:blue"}
for f, name, nbytes, _gz, _ms1, _ms256, acc in rows:
    ax1.scatter(nbytes / 1024, acc, color=colours[f], s=30)
    ax1.annotate(
        name,
        (nbytes / 1024, acc),
        fontsize=7,
        xytext=(4, 2),
        textcoords="offset points",
    )
for f, c in colours.items():
    ax1.scatter([], [], color=c, label=f)
ax1.set(
    xscale="log",
    xlabel="serialized size (KiB, log scale)",
    ylabel="test accuracy",
    title="size and accuracy",
)
ax1.legend(fontsize=8)
labels = [f"{f}: {name}" for f, name, *_ in rows]
ax2.barh(range(len(rows)), [r[5] for r in rows], color=[colours[r[0]] for r in rows])
ax2.set_yticks(range(len(rows)), labels, fontsize=7)
ax2.invert_yaxis()
ax2.set(
    xlabel="ms for a batch of 256 (this build machine)",
    title="time of one call, batch 256",
)
fig.tight_layout()
plt.show()
