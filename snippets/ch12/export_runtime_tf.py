import os
import tempfile

import keras
import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter
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
    # Keras -> SavedModel -> TFLite flatbuffer (float32, no quantization)
    path = os.path.join(d, "mlp_savedmodel")
    model.export(path, verbose=False)
    flatbuffer = tf.lite.TFLiteConverter.from_saved_model(path).convert()
    with open(os.path.join(d, "mlp.tflite"), "wb") as f:
        f.write(flatbuffer)
    # the LiteRT interpreter needs only the file's bytes, not TensorFlow
    with open(os.path.join(d, "mlp.tflite"), "rb") as f:
        interpreter = Interpreter(model_content=f.read())
inp = interpreter.get_input_details()[0]
outp = interpreter.get_output_details()[0]
print(
    "input:",
    inp["shape"].tolist(),
    "signature:",
    inp["shape_signature"].tolist(),
    inp["dtype"].__name__,
)


def run(x):
    interpreter.resize_tensor_input(inp["index"], list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(outp["index"])


out, one = run(X_te), run(X_te[:1])
n_params = model.count_params()
print("file size:", len(flatbuffer), "bytes for", n_params, "float32 parameters")
diff = np.abs(out - ref).max()
print("LiteRT, max |diff| < 1e-5:", diff < 1e-5)
print("same predictions:", (out.argmax(1) == ref.argmax(1)).mean())

assert diff < 1e-5, "LiteRT computes what Keras computes"
assert one.shape == (1, 10), "the batch dimension can be resized"
assert (out.argmax(1) == ref.argmax(1)).all(), "same predictions"
assert 4 * n_params < len(flatbuffer) < 4 * n_params + 20000, "weights + small graph"
