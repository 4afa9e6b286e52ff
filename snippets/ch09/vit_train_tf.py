# book: tolerance ±0.02
import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny tensors: one thread
tf.config.threading.set_inter_op_parallelism_threads(1)
keras.backend.set_floatx("float64")
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = (X / 16.0).reshape(-1, 8, 8, 1)
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]
P, D, HEADS, MLP, EPOCHS = 2, 32, 2, 64, 12


class ClassTokenAndPositions(layers.Layer):
    def build(self, shape):  # shape: (N, 16, D)
        self.cls = self.add_weight(shape=(1, 1, D), initializer="zeros")
        self.pos = self.add_weight(
            shape=(1, shape[1] + 1, D),
            initializer=keras.initializers.RandomNormal(stddev=0.02),
        )

    def call(self, t):
        cls = keras.ops.tile(self.cls, (keras.ops.shape(t)[0], 1, 1))
        return keras.ops.concatenate([cls, t], axis=1) + self.pos


def vit():
    inputs = keras.Input((8, 8, 1))
    t = layers.Conv2D(D, kernel_size=P, strides=P)(inputs)  # patch embedding
    t = ClassTokenAndPositions()(layers.Reshape((-1, D))(t))  # (N, 17, D)
    h = layers.LayerNormalization()(t)  # one Pre-LN encoder layer
    t = t + layers.MultiHeadAttention(HEADS, key_dim=D // HEADS)(h, h)
    h = layers.LayerNormalization()(t)
    t = t + layers.Dense(D)(layers.Dense(MLP, activation="gelu")(h))
    cls = layers.LayerNormalization()(t)[:, 0]  # read the class token
    return keras.Model(inputs, layers.Dense(10)(cls))


def cnn():
    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),  # 8x8 -> 4x4
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10),
        ]
    )


acc, n_params = {}, {}
for name, make in [("ViT", vit), ("CNN", cnn)]:
    model = make()
    model.compile(
        keras.optimizers.Adam(5e-3),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(X[train], y[train], batch_size=128, epochs=EPOCHS, verbose=0)
    n_params[name] = model.count_params()
    pred = keras.ops.convert_to_numpy(model(X[test])).argmax(1)
    acc[name] = float((pred == y[test]).mean())
    print(f"{name}: {n_params[name]} parameters, test accuracy {acc[name]:.2f}")

assert abs(n_params["ViT"] - n_params["CNN"]) < 0.03 * n_params["CNN"], "equal sizes"
assert min(acc.values()) > 0.8, "both models learn the digits"
assert abs(acc["CNN"] - acc["ViT"]) < 0.06, (
    "at this size the two tie within a few points"
)
