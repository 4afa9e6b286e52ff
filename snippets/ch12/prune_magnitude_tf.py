# book: tolerance ±0.03
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

# The chapter's base model: 64 -> 256 -> 256 -> 10
model = keras.Sequential(
    [
        keras.Input((64,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10),
    ]
)
kernels = [layer.kernel for layer in model.layers]
# One mask per kernel; the optimizer applies a variable's constraint after each step
masks = [keras.Variable(np.ones(k.shape, "float32"), trainable=False) for k in kernels]
for k, m in zip(kernels, masks):
    k.constraint = lambda w, m=m: w * m


model.compile(
    keras.optimizers.Adam(1e-3),
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)


def fit(epochs):
    # A fresh Adam state (step count and moments) without recompiling
    for v in model.optimizer.variables:
        if "learning_rate" not in v.path:
            v.assign(np.zeros(v.shape, v.dtype))
    model.fit(Xtr, ytr, batch_size=64, epochs=epochs, verbose=0)


def accuracy():
    return float(np.mean(np.argmax(model(Xte), axis=1) == yte))


fit(20)  # all masks are ones: ordinary training
dense_acc = accuracy()
dense = model.get_weights()
total = sum(int(np.prod(k.shape)) for k in kernels)
print(f"{total} weights, dense test accuracy {dense_acc:.2f}")

print("sparsity  pruned  fine-tuned  zeros per layer")
table = {}
for s in [0.0, 0.5, 0.8, 0.9, 0.95]:
    model.set_weights(dense)
    # Global magnitude pruning: zero the s*total smallest |w| of all kernels
    flat = np.concatenate([np.abs(k.numpy()).ravel() for k in kernels])
    keep = np.ones(total, "float32")
    keep[np.argsort(flat, kind="stable")[: round(s * total)]] = 0
    sizes = [int(np.prod(k.shape)) for k in kernels]
    for k, m, part in zip(kernels, masks, np.split(keep, np.cumsum(sizes)[:-1])):
        m.assign(part.reshape(k.shape))
        k.assign(k * m)
    pruned = accuracy()
    fit(5)  # fine-tuning: the constraint keeps the pruned weights at zero
    tuned = accuracy()
    zeros = [float(np.mean(k.numpy() == 0)) for k in kernels]
    n_zero = sum(int(np.sum(k.numpy() == 0)) for k in kernels)
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
