# book: tolerance ±0.02
import keras
import numpy as np
import tensorflow as tf
from keras import ops
from sklearn.datasets import load_digits

keras.backend.set_floatx("float64")
keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny tensors
rng = np.random.default_rng(0)


class SE(keras.layers.Layer):  # squeeze-and-excitation (Hu et al. 2018)
    def __init__(self, c, r=4, **kwargs):
        super().__init__(**kwargs)
        self.fc1 = keras.layers.Dense(c // r, activation="relu")
        self.fc2 = keras.layers.Dense(c, activation="sigmoid")

    def gates(self, x):  # x: (N, H, W, C) -> one gate per channel, (N, C)
        s = ops.mean(x, axis=(1, 2))  # squeeze: global average pooling
        return self.fc2(self.fc1(s))  # excitation

    def call(self, x):
        return x * self.gates(x)[:, None, None, :]  # rescale each channel


# 1) one SE block with fixed NumPy weights on a fixed input
C, r = 8, 4
x_np = rng.normal(size=(2, 5, 5, C))  # channels-last
w = [rng.normal(size=s) for s in [(C, C // r), (C // r,), (C // r, C), (C,)]]
se = SE(C, r)
x = tf.constant(x_np)
se(x)  # builds the two Dense layers
se.fc1.set_weights(w[:2])
se.fc2.set_weights(w[2:])
g = se.gates(x)
y = se(x)
print("gates of image 0:", np.round(g[0].numpy(), 3))
result = g.numpy()
n_se = sum(int(np.prod(v.shape)) for v in se.weights)
print(f"SE parameters for C={C}, r={r}: {n_se} = 2C^2/r + C/r + C")
assert 0 < g.numpy().min() and g.numpy().max() < 1, "gates lie in (0, 1)"
assert np.allclose(y, x_np * g.numpy()[:, None, None, :]), (
    "each channel is scaled by its gate"
)
assert n_se == 2 * C * C // r + C // r + C, "parameter count"

# 2) a small CNN on the 8x8 digits, with and without an SE block
X, y_all = load_digits(return_X_y=True)
X = X.reshape(-1, 8, 8, 1) / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]


def make_cnn(use_se):
    layers = [keras.Input((8, 8, 1))]
    layers += [keras.layers.Conv2D(16, 3, padding="same", activation="relu")]
    layers += [keras.layers.Conv2D(16, 3, padding="same", activation="relu")]
    layers += [SE(16, 4)] if use_se else []
    layers += [keras.layers.MaxPooling2D(2), keras.layers.Flatten()]
    return keras.Sequential(layers + [keras.layers.Dense(10)])


acc = {False: [], True: []}
for seed in range(3):
    for use_se in (False, True):
        keras.utils.set_random_seed(seed)
        model = make_cnn(use_se)
        model.compile(
            keras.optimizers.Adam(0.01),
            keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            steps_per_execution=12,
        )
        model.fit(X[train], y_all[train], batch_size=100, epochs=5, verbose=0)
        pred = model(X[test]).numpy().argmax(1)
        acc[use_se].append(float((pred == y_all[test]).mean()))
    print(f"seed {seed}: plain {acc[False][-1]:.3f}, with SE {acc[True][-1]:.3f}")
for use_se in (False, True):
    n = make_cnn(use_se).count_params()
    name = "with SE" if use_se else "plain  "
    print(f"{name} {n} parameters, mean test accuracy {np.mean(acc[use_se]):.3f}")

assert min(acc[False] + acc[True]) > 0.9, "both CNNs learn the digits"
assert abs(np.mean(acc[True]) - np.mean(acc[False])) < 0.03, "the gain is within noise"
