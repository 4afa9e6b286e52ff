import keras
import numpy as np
from sklearn.datasets import load_digits

SEED = 0
EPOCHS = 3

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

# What each format can hold: a tiny gradient, a large activation, 1 + 1/1000
probe = np.array([1e-8, 70000.0, 1.001], np.float32)
for dtype in ("float32", "float16", "bfloat16"):
    held = keras.ops.convert_to_numpy(keras.ops.cast(probe, dtype)).astype(np.float32)
    if dtype == "float16":
        held_16 = held
    values = ", ".join(f"{v:.6g}" for v in held.tolist())
    print(f"{dtype:<15} holds: {values}")

digits = load_digits()
x = (digits.data / 16.0).astype(np.float32)
y = digits.target

# The global policy changes every layer built afterwards: restore it at the end.
keras.mixed_precision.set_global_policy("mixed_bfloat16")
try:
    model = keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10),
            keras.layers.Activation("linear", dtype="float32"),  # float32 logits
        ]
    )
    hidden = model.layers[0]
    hidden_out = hidden(x[:8])
    print("policy:", hidden.dtype_policy.name, " compute:", hidden.compute_dtype)
    print(
        "activations:",
        keras.backend.standardize_dtype(hidden_out.dtype),
        " weights:",
        hidden.kernel.dtype,
    )
    print("model output:", keras.backend.standardize_dtype(model(x[:8]).dtype))
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    history = model.fit(x, y, batch_size=128, epochs=EPOCHS, verbose=0)
finally:
    keras.mixed_precision.set_global_policy("float32")
losses = history.history["loss"]
# bfloat16 keeps 2 to 3 significant digits, and CPUs with and without bfloat16
# instructions round differently: on another CPU these losses may differ by up to
# ±0.01 (book: tolerance ±0.01)
print(f"loss: {losses[0]:.2f} -> {losses[-1]:.2f} in {EPOCHS} epochs")
print("policy restored:", keras.mixed_precision.global_policy().name)

assert hidden.compute_dtype == "bfloat16", "layers compute in bfloat16"
assert hidden.kernel.dtype == "float32", "weights stay float32"
assert held_16[0] == 0 and np.isinf(held_16[1]), "float16 range"
assert keras.mixed_precision.global_policy().name == "float32", "policy restored"
assert losses[-1] < 0.5 * losses[0], "training under mixed_bfloat16 must work"
