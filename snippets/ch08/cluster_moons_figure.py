import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import make_moons
from sklearn.metrics import adjusted_rand_score

X, y = make_moons(n_samples=300, noise=0.1, random_state=0)

models = {
    "k-means, k=2": KMeans(n_clusters=2, n_init=10, random_state=0),
    "single linkage, 2 clusters": AgglomerativeClustering(
        n_clusters=2, linkage="single"
    ),
    "DBSCAN, eps=0.2, min_samples=10": DBSCAN(eps=0.2, min_samples=10),
}
labels = {name: model.fit_predict(X) for name, model in models.items()}
ari = {name: adjusted_rand_score(y, pred) for name, pred in labels.items()}
for name in models:
    print(f"{name:32s} ARI {ari[name]:.2f}")

db = models["DBSCAN, eps=0.2, min_samples=10"]
core = np.zeros(len(X), bool)
core[db.core_sample_indices_] = True
noise = db.labels_ == -1
print(
    f"DBSCAN: {db.labels_.max() + 1} clusters, {core.sum()} core, "
    f"{(~core & ~noise).sum()} border, {noise.sum()} noise points"
)

fewer = DBSCAN(eps=0.2, min_samples=5).fit_predict(X)  # a lower density threshold
print(f"with min_samples=5 instead: {fewer.max() + 1} cluster(s)")
sizes = np.bincount(labels["single linkage, 2 clusters"])
print(f"single linkage cluster sizes: {sorted(sizes.tolist())}")

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), facecolor="white")
for ax, (name, pred) in zip(axes, labels.items()):
    size = np.where(
        np.bincount(pred + 1)[pred + 1] < 5, 80, 12
    )  # enlarge tiny clusters
    ok = pred >= 0
    ax.scatter(
        X[ok, 0], X[ok, 1], c=pred[ok], cmap="coolwarm", vmin=0, vmax=1, s=size[ok]
    )
    ax.scatter(X[pred < 0, 0], X[pred < 0, 1], c="black", marker="x", s=30)  # noise
    ax.set_title(f"{name}\nARI {ari[name]:.2f}")
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()
plt.show()

assert ari["k-means, k=2"] < 0.6, "k-means cuts the moons with a straight line"
assert ari["DBSCAN, eps=0.2, min_samples=10"] > 0.9, "DBSCAN follows each moon"
assert ari["single linkage, 2 clusters"] < 0.1, "single linkage splits off an outlier"
assert sizes.min() <= 3, "one of its two clusters is a few stray points"
assert db.labels_.max() + 1 == 2, "DBSCAN finds two clusters without being told k"
assert fewer.max() + 1 == 1, "with min_samples=5 the same eps merges the moons"
