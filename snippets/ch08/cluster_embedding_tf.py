# book: tolerance ±0.02
import keras
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
# 18 labelled images per digit train the embedding; the other 1617 are clustered
labelled = np.concatenate(
    [rng.choice(np.flatnonzero(y == d), 18, replace=False) for d in range(10)]
)
rest = np.setdiff1d(np.arange(len(X)), labelled)

embed = keras.Sequential(
    [
        keras.Input((64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
    ]
)
model = keras.Sequential([embed, keras.layers.Dense(10)])
model.compile(
    optimizer=keras.optimizers.Adam(1e-2),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
# full batch: the 180 labelled images, 120 steps (as one fit over 120 copies)
steps = 120
model.fit(
    np.tile(X[labelled], (steps, 1)),
    np.tile(y[labelled], steps),
    batch_size=180,
    shuffle=False,
    verbose=0,
)
loss = model.evaluate(X[labelled], y[labelled], batch_size=180, verbose=0)
emb = embed.predict(X[rest], verbose=0)  # (1617, 16), never saw these labels
acc = (model.predict(X[rest], verbose=0).argmax(1) == y[rest]).mean()
print(f"train loss {loss:.3f}, accuracy on the other 1617: {acc:.2f}")

scores = {}
for name, feats in [("raw pixels (64-d)", X[rest]), ("embedding (16-d)", emb)]:
    pred = KMeans(n_clusters=10, n_init=10, random_state=0).fit_predict(feats)
    scores[name] = adjusted_rand_score(y[rest], pred)
    nmi = normalized_mutual_info_score(y[rest], pred)
    print(f"{name:18s} k-means ARI {scores[name]:.2f}  NMI {nmi:.2f}")

assert acc > 0.85, "the embedding separates digits it was not trained on"
assert scores["embedding (16-d)"] > scores["raw pixels (64-d)"] + 0.04, "k-means gains"
