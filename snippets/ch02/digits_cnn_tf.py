import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
N_TRAIN, EPOCHS, BATCH, LR = 1400, 8, 140, 1e-2

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
# float64 weights and inputs: in float32 the rounding of another CPU or thread count
# moved the trained model enough to change the third decimal of the loss
keras.backend.set_floatx("float64")

digits = load_digits()  # 1797 grey 8x8 images, pixels 0..16, bundled with sklearn
order = rng.permutation(len(digits.target))
x = (digits.images[order] / 16.0)[..., None]  # NHWC, float64
digit = digits.target[order]  # ten classes, integer labels
high = (digit >= 5).astype("float64")  # binary task: is the digit 5..9?
train, test = slice(0, N_TRAIN), slice(N_TRAIN, None)

inputs = keras.Input((8, 8, 1))
h = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
h = layers.MaxPooling2D(2)(h)  # 4x4x16
h = layers.Conv2D(32, 3, padding="same", activation="relu")(h)
h = layers.MaxPooling2D(2)(h)  # 2x2x32
h = layers.Flatten()(h)
outputs = {
    "digit": layers.Dense(10, name="digit")(h),  # 10 logits, no softmax
    "high": layers.Dense(1, activation="sigmoid", name="high")(h),  # a probability
}
model = keras.Model(inputs, outputs)
model.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss={
        # integer labels + logits: sparse categorical CE with from_logits=True
        "digit": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        # one sigmoid probability: binary CE (from_logits=False, the default)
        "high": keras.losses.BinaryCrossentropy(),
    },
)
model.fit(
    x[train],
    {"digit": digit[train], "high": high[train][:, None]},
    epochs=EPOCHS,
    batch_size=BATCH,
    verbose=0,
)

outputs = model(x[test], training=False).items()
pred = {k: keras.ops.convert_to_numpy(v) for k, v in outputs}
digit_acc = float(np.mean(pred["digit"].argmax(1) == digit[test]))
high_acc = float(np.mean((pred["high"][:, 0] > 0.5) == high[test]))
ten_class_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
right = float(ten_class_loss(digit[test], pred["digit"]))
# The classic bug: probabilities passed to a loss that expects logits
probs = np.exp(pred["digit"]) / np.exp(pred["digit"]).sum(axis=1, keepdims=True)
twice = float(ten_class_loss(digit[test], probs))
floor = -np.log(np.e / (np.e + 9))  # best a double softmax can do with 10 classes

print(f"parameters: {model.count_params()}")
print(f"test accuracy, ten-class head: {digit_acc:.3f}  (chance 0.1)")
print(f"test accuracy, binary head:    {high_acc:.3f}  (chance ~0.5)")
print(f"cross-entropy on logits:        {right:.3f}")
print(f"cross-entropy on probabilities: {twice:.3f}  (floor {floor:.3f})")

assert digit_acc > 0.95 and high_acc > 0.95, "both heads learn the task"
assert twice > floor > right, "softmax twice keeps the loss above its floor"
