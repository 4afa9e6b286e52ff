import os
import tempfile

import keras
import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small model
# book: tolerance ±0.02

# the chapter's base model: digits, MLP 64-256-256-10, Adam, 20 epochs
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
model = keras.Sequential(
    [
        keras.Input((64,)),
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
ref = model.predict(X_te, verbose=0).argmax(1)


def convert(optimize):
    converter = tf.lite.TFLiteConverter.from_saved_model(path)
    if optimize:
        # no representative data: dynamic-range quantization (int8 weights)
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    return converter.convert()


def predict(flatbuffer, x):
    interpreter = Interpreter(model_content=flatbuffer)
    inp = interpreter.get_input_details()[0]
    interpreter.resize_tensor_input(inp["index"], list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(inp["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


with tempfile.TemporaryDirectory() as d:
    # from_keras_model would export too, printing a temporary path
    path = os.path.join(d, "mlp")
    model.export(path, verbose=False)
    fp32, dyn = convert(False), convert(True)
pred = predict(dyn, X_te).argmax(1)
acc_f, acc_q = (ref == y_te).mean(), (pred == y_te).mean()
print("file size: float32", len(fp32), "bytes, dynamic int8", len(dyn), "bytes")
print(f"dynamic int8 / float32: {len(dyn) / len(fp32):.2f}")
print(f"accuracy: float {acc_f:.3f}, int8 {acc_q:.3f}")
print(f"same predictions: {(pred == ref).mean():.3f}")
interp = Interpreter(model_content=dyn)
kinds = sorted({d["dtype"].__name__ for d in interp.get_tensor_details()})
print("tensor types in the file:", kinds)

assert len(dyn) < 0.3 * len(fp32), "about four times smaller"
assert abs(acc_f - acc_q) < 0.02, "accuracy drops by less than 0.02"
assert (pred == ref).mean() > 0.98, "almost the same predictions"
