import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, EPOCHS, BATCH, LR = 256, 30, 20, 1e-3

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = (digits.images[order] / 16.0)[..., None]  # (N, 8, 8, 1), float64
y = digits.target[order]
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = rng.random(N_TRAIN) < NOISE
y_train = np.where(noisy, rng.integers(0, 10, N_TRAIN), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def make_mlp(dropout=0.0, augment=False):
    keras.utils.set_random_seed(SEED)
    stack = [keras.Input((8, 8, 1))]
    if augment:  # random layers: active in fit(), identity at inference
        stack += [
            # shift by up to 1/8 of the image = 1 pixel, whole pixels, black fill
            layers.RandomTranslation(
                1 / 8, 1 / 8, fill_mode="constant", interpolation="nearest"
            ),
        ]
    stack += [layers.Flatten(), layers.Dense(HIDDEN, activation="relu")]
    if dropout:
        stack.append(layers.Dropout(dropout))  # between hidden layers
    stack.append(layers.Dense(HIDDEN, activation="relu"))
    if dropout:
        stack.append(layers.Dropout(dropout))  # never after the output layer
    stack.append(layers.Dense(10))
    return keras.Sequential(stack)


def evaluate(model, x, y):
    logits = model(x, training=False)
    loss = keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True)
    acc = np.mean(keras.ops.convert_to_numpy(logits).argmax(1) == y)
    return float(np.mean(keras.ops.convert_to_numpy(loss))), float(acc)


results, models = {}, {}
print("variant        train loss  val loss  train acc  val acc    gap")
for name, kwargs in {
    "none": dict(),
    "dropout 0.5": dict(dropout=0.5),
    "augmentation": dict(augment=True),
}.items():
    model = make_mlp(**kwargs)
    model.compile(
        optimizer=keras.optimizers.Adam(LR),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        steps_per_execution=10,  # 10 steps per graph call: less Python overhead
    )
    model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
    tr_loss, tr_acc = evaluate(model, x_train, y_train)
    va_loss, va_acc = evaluate(model, x_val, y_val)
    results[name] = dict(tr_acc=tr_acc, va_acc=va_acc, gap=tr_acc - va_acc)
    models[name] = model
    print(
        f"{name:13s}  {tr_loss:10.3f}  {va_loss:8.3f}  {tr_acc:9.3f}  {va_acc:7.3f}"
        f"  {tr_acc - va_acc:6.3f}"
    )

# Inference is deterministic: dropout and the random layers are switched off.
same = all(
    np.array_equal(
        keras.ops.convert_to_numpy(m(x_val[:5], training=False)),
        keras.ops.convert_to_numpy(m(x_val[:5], training=False)),
    )
    for m in models.values()
)
print("inference deterministic:", same)

base = results.pop("none")
assert base["gap"] > 0.05, "without regularization, training accuracy runs ahead"
assert same, "random layers must be inactive with training=False"
for name, r in results.items():
    assert r["tr_acc"] < 0.85, f"{name}: the random training labels are not memorized"
    assert r["va_acc"] > base["va_acc"] + 0.03, f"{name}: above no regularization"
    assert r["gap"] < 0, f"{name}: validation accuracy above training accuracy"
