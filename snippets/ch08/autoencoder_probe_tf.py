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
X = X / 16.0  # pixels in [0, 1]
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]  # 1200 unlabeled images, 597 test


def make_encoder():  # 64 pixels -> 16-d code
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(16),
        ]
    )


def probe(f_lab, y_lab, f_test):  # linear probe: logistic regression
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return clf.fit(f_lab, y_lab).score(f_test, y[test])


def fit(model, loss_fn, x, t, steps):  # full-batch Adam
    opt = keras.optimizers.Adam(0.01)
    opt.build(model.trainable_variables)  # create Adam's slots before tracing

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(t, model(x))
        opt.apply_gradients(
            zip(
                tape.gradient(loss, model.trainable_variables),
                model.trainable_variables,
            )
        )
        return loss

    return [float(step()) for _ in range(steps)]


# 1. self-supervised: reconstruct the unlabeled training images (no labels used)
encoder, random_encoder = make_encoder(), make_encoder()
decoder = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="sigmoid"),
    ]
)
autoencoder = keras.Sequential([encoder, decoder])
losses = fit(autoencoder, keras.losses.MeanSquaredError(), X[train], X[train], 300)
print(f"reconstruction MSE: step 1 {losses[0]:.3f}, step 300 {losses[-1]:.4f}")

# 2. few labels: 10 per class, five random draws
acc = {"raw pixels": [], "random encoder": [], "autoencoder": [], "supervised": []}
for seed in range(5):
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 10, replace=False) for c in range(10)]
    )
    acc["raw pixels"].append(probe(X[lab], y[lab], X[test]))
    acc["random encoder"].append(
        probe(random_encoder(X[lab]).numpy(), y[lab], random_encoder(X[test]).numpy())
    )
    acc["autoencoder"].append(
        probe(encoder(X[lab]).numpy(), y[lab], encoder(X[test]).numpy())
    )
    # supervised baseline: the same encoder + a linear layer, trained end to end
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([make_encoder(), keras.layers.Dense(10)])
    fit(
        model,
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        X[lab],
        y[lab],
        150,
    )
    pred = model(X[test]).numpy().argmax(1)
    acc["supervised"].append(float((pred == y[test]).mean()))

mean = {k: float(np.mean(v)) for k, v in acc.items()}
for k, v in acc.items():
    print(f"{k:15s} test accuracy {mean[k]:.2f}  (min {min(v):.2f}, max {max(v):.2f})")

assert losses[-1] < 0.2 * losses[0], "the autoencoder learned to reconstruct"
assert mean["autoencoder"] > mean["random encoder"] + 0.05, (
    "pretraining beats random codes"
)
assert abs(mean["autoencoder"] - mean["raw pixels"]) < 0.03, "but only ties raw pixels"
