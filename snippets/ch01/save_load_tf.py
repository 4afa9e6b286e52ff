import os
import tempfile
import zipfile

import keras
import numpy as np

SEED = 0
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)
x = rng.standard_normal((5, 2)).astype(np.float32)


def mlp():
    inputs = keras.Input((2,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dense(1)(hidden))


model = mlp()
model.compile(optimizer="adam", loss="mse")
model.fit(x, rng.standard_normal((5, 1)), epochs=2, verbose=0)  # move off the init
before = keras.ops.convert_to_numpy(model(x))

with tempfile.TemporaryDirectory() as tmp:
    # Architecture + weights + compile() settings + optimizer state, in one file
    path = os.path.join(tmp, "moons.keras")
    model.save(path)
    print("files in moons.keras:", sorted(zipfile.ZipFile(path).namelist()))
    restored = keras.models.load_model(path)  # no Python class needed here

    # Weights only: the code that builds the model must come from elsewhere
    weights = os.path.join(tmp, "moons.weights.h5")
    model.save_weights(weights)
    rebuilt = mlp()
    rebuilt.load_weights(weights)
    left_behind = os.listdir(tmp)

after = keras.ops.convert_to_numpy(restored(x))
after_weights = keras.ops.convert_to_numpy(rebuilt(x))
print("predictions before:", np.round(before[:, 0], 4))
print("after load_model:  ", np.round(after[:, 0], 4))
print(
    "identical (load_model, load_weights):",
    np.array_equal(before, after),
    np.array_equal(before, after_weights),
)
print("optimizer steps restored:", int(restored.optimizer.iterations))
print(
    "temporary folder removed:",
    not os.path.exists(tmp),
    "| it held",
    sorted(left_behind),
)

assert np.array_equal(before, after), "load_model must give identical predictions"
assert np.array_equal(before, after_weights), (
    "load_weights must give identical predictions"
)
assert int(restored.optimizer.iterations) == 2, (
    "the .keras file keeps the optimizer state"
)
assert not os.path.exists(tmp), "nothing may be left behind"
