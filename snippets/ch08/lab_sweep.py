# ruff: noqa: F821
# Run after lab_maps.py in the same kernel: it uses X and y.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

ks = np.arange(2, 16)
inertia, silhouette, ari = [], [], []
for k in ks:
    km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    inertia.append(km.inertia_)
    silhouette.append(silhouette_score(X, km.labels_))
    ari.append(adjusted_rand_score(y, km.labels_))
best_sil, best_ari = ks[np.argmax(silhouette)], ks[np.argmax(ari)]
print(
    f"silhouette is highest at k={best_sil} ({max(silhouette):.2f}), "
    f"{silhouette[8]:.2f} at k=10"
)
print(f"ARI is highest at k={best_ari} ({max(ari):.2f}), {ari[8]:.2f} at k=10")
print(f"silhouette of the true digit labels: {silhouette_score(X, y):.2f}")

fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), facecolor="white")
for ax, values, title in zip(
    axes,
    [inertia, silhouette, ari],
    ["inertia (elbow)", "silhouette", "ARI vs true digits"],
):
    ax.plot(ks, values, "o-")
    ax.axvline(10, color="grey", linestyle="--")
    ax.set(title=title, xlabel="k")
fig.tight_layout()
plt.show()

assert np.all(np.diff(inertia) < 0), "inertia falls at every k: no clean elbow to read"
assert best_sil != 10 and max(silhouette) > silhouette[8] + 0.003, (
    "silhouette misses k=10"
)
assert best_ari != 10, "the best-scoring k is not the number of digits"
assert silhouette_score(X, y) < silhouette[8], "the true labels score below k-means"
assert (best_sil, best_ari) == (9, 11), "the peaks quoted in the text"
assert [
    f"{v:.2f}" for v in (max(silhouette), silhouette[8], silhouette_score(X, y))
] == ["0.19", "0.18", "0.16"], "the silhouettes quoted in the text"
assert [f"{v:.2f}" for v in (max(ari), ari[8])] == ["0.73", "0.67"], "the ARIs quoted"
