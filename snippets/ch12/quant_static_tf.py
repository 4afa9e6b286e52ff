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


def representative_dataset():
    # calibration: 200 training images, one at a time, float32 as the model takes them
    for row in X_tr[:200]:
        yield [row[None, :]]


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "mlp")
    model.export(path, verbose=False)
    converter = tf.lite.TFLiteConverter.from_saved_model(path)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    # int8 kernels only (fail rather than fall back to float), int8 input and output
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    int8 = converter.convert()

interpreter = Interpreter(model_content=int8)
inp = interpreter.get_input_details()[0]
outp = interpreter.get_output_details()[0]
(s_in, z_in), (s_out, z_out) = inp["quantization"], outp["quantization"]
print(f"input: {inp['dtype'].__name__}, scale {s_in:.6f}, zero point {z_in}")
print(f"output: {outp['dtype'].__name__}")

# the caller quantizes the input and dequantizes the output with the file's parameters
q_in = np.clip(np.round(X_te / s_in) + z_in, -128, 127).astype(np.int8)
interpreter.resize_tensor_input(inp["index"], list(q_in.shape))
interpreter.allocate_tensors()
interpreter.set_tensor(inp["index"], q_in)
interpreter.invoke()
logits = s_out * (interpreter.get_tensor(outp["index"]).astype(np.float32) - z_out)
pred = logits.argmax(1)
kinds = sorted({t["dtype"].__name__ for t in interpreter.get_tensor_details()})
acc_f, acc_q = (ref == y_te).mean(), (pred == y_te).mean()
print("file size:", len(int8), "bytes; tensor types:", kinds)
print(f"accuracy: float {acc_f:.3f}, int8 {acc_q:.3f}")
print(f"same predictions: {(pred == ref).mean():.3f}")

assert abs(s_in * 255 - 1) < 1e-6 and z_in == -128, (
    "pixels in [0, 1] use the full int8 range"
)
assert "float32" not in kinds, "no float tensors left"
assert len(int8) < 110_000, "under a third of the float32 file"
assert abs(acc_f - acc_q) < 0.02, "accuracy drops by less than 0.02"
assert (pred == ref).mean() > 0.97, "almost the same predictions"
