# book: tolerance ±0.02
import keras
import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)  # 1797 images of 8x8 pixels, y only for scoring
X = X / 16.0  # pixels in [0, 1], float64

# The feature learner: an autoencoder 64 -> 32 -> 10 -> 32 -> 64
encoder = keras.Sequential(
    [
        keras.Input((64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10),
    ]
)
decoder = keras.Sequential(
    [
        keras.Input((10,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(64, activation="sigmoid"),
    ]
)
autoencoder = keras.Sequential([encoder, decoder])
autoencoder.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
mse_before = autoencoder.evaluate(X, X, batch_size=len(X), verbose=0)
# 20 epochs in our own seeded order, in batches of 64, as one pass of fit
order = np.concatenate([rng.permutation(len(X)) for epoch in range(20)])
autoencoder.fit(X[order], X[order], batch_size=64, shuffle=False, verbose=0)
mse_after = autoencoder.evaluate(X, X, batch_size=len(X), verbose=0)
print(f"reconstruction MSE: {mse_before:.3f} -> {mse_after:.3f}")
codes = encoder.predict(X, batch_size=len(X), verbose=0)  # (1797, 10), float64

# The clustering: scikit-learn, the same for both frameworks
scores = {}
for name, feats in [("raw pixels (64-d)", X), ("AE codes (10-d)", codes)]:
    for algo, model in [
        ("k-means", KMeans(n_clusters=10, n_init=10, random_state=0)),
        ("Ward", AgglomerativeClustering(n_clusters=10, linkage="ward")),
    ]:
        pred = model.fit_predict(feats)
        ari = adjusted_rand_score(y, pred)
        nmi = normalized_mutual_info_score(y, pred)
        scores[name, algo] = ari
        print(f"{name:18s} {algo:8s} ARI {ari:.2f}  NMI {nmi:.2f}")

raw_km, code_km = (
    scores["raw pixels (64-d)", "k-means"],
    scores["AE codes (10-d)", "k-means"],
)
raw_w, code_w = scores["raw pixels (64-d)", "Ward"], scores["AE codes (10-d)", "Ward"]
assert mse_after < mse_before / 5, "the autoencoder learned to reconstruct"
assert code_km < raw_km + 0.02, "AE codes do not beat raw pixels with k-means"
assert code_w < raw_w, "nor with Ward linkage"
assert raw_w > raw_km, "on raw pixels Ward beats k-means"
