import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, MAX_EPOCHS, BATCH, LR, PATIENCE = 256, 100, 20, 1e-3, 5

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = digits.data[order] / 16.0  # float64
y = digits.target[order]
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = rng.random(N_TRAIN) < NOISE
y_train = np.where(noisy, rng.integers(0, 10, N_TRAIN), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]

model = keras.Sequential(
    [
        keras.Input((64,)),
        layers.Dense(HIDDEN, activation="relu"),
        layers.Dense(HIDDEN, activation="relu"),
        layers.Dense(10),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    steps_per_execution=10,  # 10 steps per graph call: less Python overhead
)
stopper = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=PATIENCE, restore_best_weights=True
)
history = model.fit(
    x_train,
    y_train,
    batch_size=BATCH,
    epochs=MAX_EPOCHS,
    validation_data=(x_val, y_val),
    callbacks=[stopper],
    verbose=0,
)
val_losses = history.history["val_loss"]
epochs_run = len(val_losses)
best = int(np.argmin(val_losses))  # 0-based, like stopper.best_epoch
print(f"epochs run: {epochs_run} of {MAX_EPOCHS}")
print(f"best epoch: {best + 1}, val loss {val_losses[best]:.3f}")
print(f"last epoch: {epochs_run}, val loss {val_losses[-1]:.3f}")

logits = model(x_val, training=False)  # the restored weights
restored = keras.losses.sparse_categorical_crossentropy(y_val, logits, from_logits=True)
restored = float(np.mean(keras.ops.convert_to_numpy(restored)))
val_acc = float(np.mean(keras.ops.convert_to_numpy(logits).argmax(1) == y_val))
print(f"restored model: val loss {restored:.3f}, val acc {val_acc:.3f}")

assert epochs_run < MAX_EPOCHS, "training stopped early"
assert epochs_run == best + 1 + PATIENCE, "it stops PATIENCE epochs after the best"
assert stopper.best_epoch == best, "the callback agrees on the best epoch"
assert abs(restored - val_losses[best]) < 1e-4, "the best weights were restored"
assert val_losses[-1] > val_losses[best], "validation loss rose after the best epoch"
assert val_acc > 0.85, "the restored model beats the overfitted one"
