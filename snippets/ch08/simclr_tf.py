# book: tolerance ±0.01
import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

keras.backend.set_floatx("float64")
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]


def augment(x):  # a random view of each 8x8 image
    n = len(x)
    img = np.pad(x.reshape(n, 8, 8), ((0, 0), (1, 1), (1, 1)))
    dy, dx = rng.integers(0, 3, n), rng.integers(0, 3, n)  # shift by up to one pixel
    img = np.stack([im[a : a + 8, b : b + 8] for im, a, b in zip(img, dy, dx)]).reshape(
        n, 64
    )
    img = img * rng.uniform(0.6, 1.4, (n, 1))  # intensity scaling
    img = img * (rng.random((n, 64)) > 0.2)  # mask 20% of the pixels
    return img + 0.1 * rng.normal(size=(n, 64))  # noise


def nt_xent(z1, z2, tau=0.5):
    z = tf.math.l2_normalize(tf.concat([z1, z2], 0), axis=1)
    n2 = tf.shape(z)[0]
    sim = tf.linalg.set_diag(
        z @ tf.transpose(z) / tau, tf.fill([n2], tf.constant(-np.inf, tf.float64))
    )
    n = n2 // 2
    target = tf.concat([tf.range(n, 2 * n), tf.range(n)], 0)
    return tf.reduce_mean(
        keras.losses.sparse_categorical_crossentropy(target, sim, from_logits=True)
    )


def make_encoder():  # f: 64 pixels -> 32-d representation h
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(32),
        ]
    )


def probe(f_lab, y_lab, f_test):
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return clf.fit(f_lab, y_lab).score(f_test, y[test])


encoder, random_encoder = make_encoder(), make_encoder()
head = keras.Sequential(
    [
        keras.Input((32,)),
        keras.layers.ReLU(),  # g: h -> z
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(16),
    ]
)
opt = keras.optimizers.Adam(0.01)
weights = encoder.trainable_variables + head.trainable_variables
opt.build(weights)  # create Adam's slots before tracing


@tf.function
def train_step(v1, v2):
    with tf.GradientTape() as tape:
        loss = nt_xent(head(encoder(v1)), head(encoder(v2)))
    opt.apply_gradients(zip(tape.gradient(loss, weights), weights))
    return loss


def make_sup_step(model, sup_opt):
    @tf.function
    def sup_step(x, t):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(
                keras.losses.sparse_categorical_crossentropy(
                    t, model(x), from_logits=True
                )
            )
        grads = tape.gradient(loss, model.trainable_variables)
        sup_opt.apply_gradients(zip(grads, model.trainable_variables))

    return sup_step


losses = []
for _ in range(300):  # batches of 256 unlabeled images
    x = X[rng.choice(train, 256, replace=False)]
    losses.append(float(train_step(augment(x), augment(x))))
print(
    f"NT-Xent: first 10 steps {np.mean(losses[:10]):.2f}, last 10 {np.mean(losses[-10:]):.2f}"
    f"  (log(511) = {np.log(511):.2f})"
)

acc = {
    "raw pixels": [],
    "random encoder": [],
    "SimCLR encoder h": [],
    "SimCLR head z": [],
    "supervised": [],
}
feats = {
    "random encoder": random_encoder(X).numpy(),
    "SimCLR encoder h": encoder(X).numpy(),
    "SimCLR head z": head(encoder(X)).numpy(),
    "raw pixels": X,
}
for seed in range(5):  # 10 labels per class, five draws
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 10, replace=False) for c in range(10)]
    )
    for name, f in feats.items():
        acc[name].append(probe(f[lab], y[lab], f[test]))
    keras.utils.set_random_seed(seed)  # supervised: same encoder + linear layer
    model = keras.Sequential([make_encoder(), keras.layers.Dense(10)])
    sup_opt = keras.optimizers.Adam(0.01)
    sup_opt.build(model.trainable_variables)

    sup_step = make_sup_step(model, sup_opt)
    for _ in range(150):
        sup_step(X[lab], y[lab])
    pred = model(X[test]).numpy().argmax(1)
    acc["supervised"].append(float((pred == y[test]).mean()))

mean = {k: float(np.mean(v)) for k, v in acc.items()}
for k, v in acc.items():
    print(f"{k:16s} test accuracy {mean[k]:.2f}  (min {min(v):.2f}, max {max(v):.2f})")

assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 0.5, "the contrastive loss falls"
assert mean["SimCLR encoder h"] > mean["SimCLR head z"] + 0.05, "probe h, not z"
assert mean["SimCLR encoder h"] > mean["random encoder"] + 0.02, "training beats random"
assert abs(mean["SimCLR encoder h"] - mean["raw pixels"]) < 0.03, "and ties raw pixels"
