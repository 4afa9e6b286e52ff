import os
import tempfile

import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# book: tolerance ±0.01

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small model

# the chapter's base model: digits, MLP 64-256-256-10, Adam, 20 epochs
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
model = keras.Sequential(
    [
        keras.Input((64,), name="pixels"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10),
    ]
)
model.compile(
    keras.optimizers.Adam(1e-3),
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
model.fit(X_tr, y_tr, batch_size=64, epochs=20, verbose=0)
ref = model.predict(X_te, verbose=0)
print(f"test accuracy: {(ref.argmax(1) == y_te).mean():.3f}")

with tempfile.TemporaryDirectory() as d:
    # .keras: architecture + weights + optimizer state, for Keras itself
    model.save(os.path.join(d, "mlp.keras"))
    again = keras.models.load_model(os.path.join(d, "mlp.keras"))
    keras_diff = np.abs(again.predict(X_te, verbose=0) - ref).max()
    steps = int(again.optimizer.iterations.numpy())
    print("optimizer restored:", steps, "steps")

    # SavedModel: a TensorFlow graph with its weights, for TF Serving and converters
    path = os.path.join(d, "mlp_savedmodel")
    model.export(path, verbose=False)
    print("SavedModel contents:", sorted(os.listdir(path)))
    del model  # from here on, no Python model code is needed
    loaded = tf.saved_model.load(path)
    fn = loaded.signatures["serving_default"]
    ((name, spec),) = fn.structured_input_signature[1].items()
    print("signature input:", name, spec.shape.as_list(), spec.dtype.name)
    outputs = fn(**{name: tf.constant(X_te)})
    print("signature outputs:", {k: v.shape.as_list() for k, v in outputs.items()})
    out = outputs["output_0"].numpy()
    one = fn(**{name: tf.constant(X_te[:1])})["output_0"].numpy()
sm_diff = np.abs(out - ref).max()
print("reloaded .keras, max |diff| < 1e-5:", keras_diff < 1e-5)
print("SavedModel, max |diff| < 1e-5:", sm_diff < 1e-5)

assert steps == 20 * 20, "20 epochs of 20 batches: Adam's state is in the file"
assert keras_diff < 1e-5 and sm_diff < 1e-5, "both formats compute the model"
assert one.shape == (1, 10), "the batch dimension is dynamic"
assert (out.argmax(1) == ref.argmax(1)).all(), "same predictions"
