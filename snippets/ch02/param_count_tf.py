import keras
import numpy as np
from keras import layers

SEED = 0
N_IN, HIDDEN = 16, 32  # features per time step and hidden size of the RNN layers

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)


def count(layer, input_shape):
    layer.build(input_shape)  # creates the weights, no data needed
    return layer.count_params()


n, h = N_IN, HIDDEN
# layer, its parameter count in Keras, the closed-form formula
table = [
    ("Dense 64 -> 32", count(layers.Dense(32), (None, 64)), 64 * 32 + 32),
    (
        "Conv2D 3x3, 1 -> 16",
        count(layers.Conv2D(16, 3), (None, 8, 8, 1)),
        3 * 3 * 1 * 16 + 16,
    ),
    (
        "Conv2D 3x3, 16 -> 32",
        count(layers.Conv2D(32, 3), (None, 4, 4, 16)),
        3 * 3 * 16 * 32 + 32,
    ),
    ("LSTM 16 -> 32", count(layers.LSTM(h), (None, 10, n)), 4 * (h * (n + h) + h)),
    ("GRU 16 -> 32", count(layers.GRU(h), (None, 10, n)), 3 * (h * (n + h) + 2 * h)),
    (
        "GRU, reset_after=False",
        count(layers.GRU(h, reset_after=False), (None, 10, n)),
        3 * (h * (n + h) + h),
    ),
]
print(f"{'layer':<24}{'Keras':>8}{'formula':>9}")
for name, keras_count, formula in table:
    print(f"{name:<24}{keras_count:>8}{formula:>9}")
lstm = layers.LSTM(h)
lstm.build((None, 10, n))
print("LSTM weights:", {w.name: tuple(w.shape) for w in lstm.weights})


def digits_model(*blocks):
    return keras.Sequential([keras.Input((8, 8, 1)), *blocks, layers.Dense(10)])


conv_block = [
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
]
designs = {
    "MLP 64-128-10": digits_model(
        layers.Flatten(), layers.Dense(128, activation="relu")
    ),
    "CNN with pooling": digits_model(*conv_block),
    "same CNN, no pooling": digits_model(
        *[layer for layer in conv_block if not isinstance(layer, layers.MaxPooling2D)]
    ),
}
print("designs for 8x8 digits, ten classes:")
for name, model in designs.items():
    print(f"  {name:<22}{model.count_params():>7}")

result = np.array([row[1] for row in table[:3]])  # layers counted alike by both
for name, keras_count, formula in table:
    assert keras_count == formula, f"{name}: Keras matches the formula"
counts = [m.count_params() for m in designs.values()]
assert counts == [64 * 128 + 128 + 128 * 10 + 10, 6090, 25290], "design totals"
