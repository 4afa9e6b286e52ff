# book: tolerance ±0.03
import io
import zlib

import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny model
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)


def mlp(hidden):
    model = keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(10),
        ]
    )
    model.compile(
        keras.optimizers.Adam(1e-3),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def accuracy(model):
    return float(np.mean(np.argmax(model(Xte), axis=1) == yte))


def file_bytes(model):  # the weights saved as a NumPy .npz file
    buf = io.BytesIO()
    np.savez(buf, *model.get_weights())
    return buf.getvalue()


def describe(name, model, acc, tuned):
    data = file_bytes(model)
    shapes = " ".join(str(tuple(layer.kernel.shape)) for layer in model.layers)
    print(
        f"{name:12s} {shapes:28s} {model.count_params():6d} {len(data):7d}  "
        f"{len(zlib.compress(data, 9)) / len(data):.2f}   {acc:.2f}  {tuned:.2f}"
    )
    return model.count_params(), len(data)


base = mlp(256)
kernels = [layer.kernel for layer in base.layers]
masks = [keras.Variable(np.ones(k.shape, "float32"), trainable=False) for k in kernels]
for k, m in zip(kernels, masks):
    k.constraint = lambda w, m=m: w * m  # applied after each optimizer step
base.fit(Xtr, ytr, batch_size=64, epochs=20, verbose=0)
acc_dense = accuracy(base)
W1, b1, W2, b2, W3, b3 = base.get_weights()  # Keras kernels are (inputs, outputs)

# Structured: drop the half of the neurons (kernel columns) of each hidden layer
# with the smallest L2 norm, and build a smaller model from what is left
keep1 = np.sort(np.argsort(-np.linalg.norm(W1, axis=0), kind="stable")[:128])
keep2 = np.sort(np.argsort(-np.linalg.norm(W2, axis=0), kind="stable")[:128])
drop1 = np.setdiff1d(np.arange(256), keep1)
drop2 = np.setdiff1d(np.arange(256), keep2)
# A dropped neuron still outputs the constant ReLU(bias): fold it into the next bias
b2_new = b2 + np.maximum(b1[drop1], 0) @ W2[drop1]
b3_new = b3 + np.maximum(b2[drop2], 0) @ W3[drop2]
small = mlp(128)
small.set_weights(
    [
        W1[:, keep1],
        b1[keep1],
        W2[keep1][:, keep2],
        b2_new[keep2],  # rows and columns
        W3[keep2],
        b3_new,  # rows only
    ]
)

# The same network with the dropped neurons' weights set to zero, run in NumPy
W1z, W2z = W1.copy(), W2.copy()
W1z[:, drop1] = 0
W2z[:, drop2] = 0
h = np.maximum(np.maximum(Xte @ W1z + b1, 0) @ W2z + b2, 0)
gap = np.abs(h @ W3 + b3 - small(Xte).numpy()).max()
total = sum(int(np.prod(k.shape)) for k in kernels)
removed = total - sum(int(np.prod(layer.kernel.shape)) for layer in small.layers)

# Unstructured: the same number of weights, the smallest |w| over all three kernels
flat = np.concatenate([np.abs(k.numpy()).ravel() for k in kernels])
keep = np.ones(total, "float32")
keep[np.argsort(flat, kind="stable")[:removed]] = 0
sizes = [int(np.prod(k.shape)) for k in kernels]
for k, m, part in zip(kernels, masks, np.split(keep, np.cumsum(sizes)[:-1])):
    m.assign(part.reshape(k.shape))
    k.assign(k * m)
acc_sparse, acc_small = accuracy(base), accuracy(small)
dense_copy = mlp(256)
dense_copy.set_weights([W1, b1, W2, b2, W3, b3])
small.fit(Xtr, ytr, batch_size=64, epochs=5, verbose=0)
base.fit(Xtr, ytr, batch_size=64, epochs=5, verbose=0)  # the masks stay

print(f"removed {removed} of {total} weights ({removed / total:.1%})")
print("model        weight shapes                params   bytes  zlib  pruned tuned")
p0, f0 = describe("dense", dense_copy, acc_dense, acc_dense)
p1, f1 = describe("structured", small, acc_small, accuracy(small))
p2, f2 = describe("unstructured", base, acc_sparse, accuracy(base))
coo = [tf.sparse.from_dense(k) for k in kernels]
coo_bytes = sum(c.indices.numpy().nbytes + c.values.numpy().nbytes for c in coo)
nnz = sum(int(c.values.shape[0]) for c in coo)
print(
    f"unstructured kernels as tf.sparse: {nnz} values, {coo_bytes} bytes "
    f"(dense float32: {4 * total})"
)

assert gap < 1e-4, "the smaller model computes the same function as the masked one"
assert p1 < p0 / 3 and f1 < f0 / 3, "structured pruning shrinks the model and its file"
assert p2 == p0 and f2 == f0, "unstructured pruning leaves the file as large as before"
assert nnz == total - removed, "the same number of weights survive"
assert acc_sparse > acc_small, (
    "at equal sparsity, unstructured loses less before fine-tuning"
)
assert accuracy(small) > 0.93 and accuracy(base) > 0.93, (
    "both recover after fine-tuning"
)
