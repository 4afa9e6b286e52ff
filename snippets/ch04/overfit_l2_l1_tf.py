import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600  # a small training set, a separate validation set
HIDDEN, EPOCHS, BATCH = 256, 40, 20
LR, MOMENTUM = 0.02, 0.9  # SGD with momentum: see the text for why not Adam
L2, L1 = 1e-2, 1e-3  # penalty strengths (lambda)

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()  # 1797 8x8 images, bundled with scikit-learn
order = rng.permutation(len(digits.target))
x = digits.data[order] / 16.0  # 64 pixels in [0, 1], float64
y = digits.target[order]
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = rng.random(N_TRAIN) < NOISE
y_train = np.where(noisy, rng.integers(0, 10, N_TRAIN), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def make_mlp(regularizer=None):
    """64 -> 256 -> 256 -> 10: about 85k weights for 200 training images."""
    keras.utils.set_random_seed(SEED)  # same initial weights for every variant
    return keras.Sequential(
        [
            keras.Input((64,)),
            layers.Dense(HIDDEN, activation="relu", kernel_regularizer=regularizer),
            layers.Dense(HIDDEN, activation="relu", kernel_regularizer=regularizer),
            layers.Dense(10, kernel_regularizer=regularizer),
        ]
    )


def evaluate(model, x, y):
    """Cross-entropy without the penalty, and accuracy."""
    logits = model(x, training=False)
    loss = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
    acc = np.mean(keras.ops.convert_to_numpy(logits).argmax(1) == y)
    return float(np.mean(keras.ops.convert_to_numpy(loss))), float(acc)


results = {}
variants = {
    "none": None,
    f"L2 {L2:g}": keras.regularizers.L2(L2),  # adds L2 * sum(w**2) to the loss
    f"L1 {L1:g}": keras.regularizers.L1(L1),  # adds L1 * sum(|w|) to the loss
}
print("variant    train loss  val loss  train acc  val acc    gap")
for name, regularizer in variants.items():
    model = make_mlp(regularizer)
    model.compile(
        optimizer=keras.optimizers.SGD(LR, momentum=MOMENTUM),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        steps_per_execution=10,  # 10 steps per graph call: less Python overhead
    )
    model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
    tr_loss, tr_acc = evaluate(model, x_train, y_train)
    va_loss, va_acc = evaluate(model, x_val, y_val)
    w1 = np.abs(keras.ops.convert_to_numpy(model.layers[0].kernel))  # first layer
    results[name] = dict(
        tr_loss=tr_loss,
        va_loss=va_loss,
        tr_acc=tr_acc,
        va_acc=va_acc,
        gap=tr_acc - va_acc,
        small=float(np.mean(w1 < 0.01)),  # share of near-zero weights
        tiny=float(np.mean(w1 < 0.001)),
        zero=int(np.sum(w1 == 0)),
    )
    print(
        f"{name:9s}  {tr_loss:10.3f}  {va_loss:8.3f}  {tr_acc:9.3f}  {va_acc:7.3f}"
        f"  {tr_acc - va_acc:6.3f}"
    )
for name, r in results.items():
    print(
        f"{name:9s}  first-layer weights with |w| < 0.01: {r['small']:3.0%},"
        f" < 0.001: {r['tiny']:3.0%}"
    )

base, l2, l1 = results.values()
assert base["gap"] > 0.05, "without a penalty, training accuracy runs ahead"
for r in (l2, l1):
    assert r["tr_loss"] > base["tr_loss"] + 0.2, "a penalty raises the training loss"
    assert r["va_loss"] < base["va_loss"] - 0.03, "and lowers the validation loss"
    assert r["va_acc"] > base["va_acc"] + 0.05, "and raises validation accuracy"
    assert r["gap"] < min(0.05, base["gap"] - 0.1), "and closes the gap"
    assert r["tr_acc"] < 0.86, "the random training labels are no longer fitted"
    assert r["zero"] == 0, "gradient steps leave no weight exactly at 0"
assert l2["small"] > 2 * base["small"], "L2 shrinks many weights towards zero"
assert l1["small"] > 1.5 * l2["small"], "L1 even more"
assert l1["tiny"] > 5 * l2["tiny"], "and L1 pushes many all the way to about 0"
