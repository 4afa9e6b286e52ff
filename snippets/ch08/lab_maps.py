# ruff: noqa: F821
# Run after cluster_autoencoder_torch.py in the same kernel: it defines X, y and codes.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

maps, clusters, kept = {}, {}, {}
for name, feats in [("raw pixels", X), ("autoencoder codes", codes)]:
    pca = PCA(n_components=2).fit(feats)
    maps[name] = pca.transform(feats)
    kept[name] = pca.explained_variance_ratio_.sum()
    clusters[name] = KMeans(n_clusters=10, n_init=10, random_state=0).fit_predict(feats)
    print(f"{name}: the 2-D map keeps {kept[name]:.0%} of the variance")

fig, axes = plt.subplots(2, 2, figsize=(10, 9), facecolor="white")
for row, name in enumerate(maps):
    for col, (colour, what) in enumerate(
        [(y, "true digit"), (clusters[name], "k-means cluster")]
    ):
        ax = axes[row, col]
        points = ax.scatter(*maps[name].T, c=colour, cmap="tab10", s=6)
        ax.set_title(f"{name}, coloured by {what}")
        ax.set_xticks([])
        ax.set_yticks([])
    for digit in range(10):  # write each digit at the centre of its points
        cx, cy = np.median(maps[name][y == digit], axis=0)
        axes[row, 0].text(cx, cy, str(digit), fontsize=14, weight="bold")
fig.tight_layout()
plt.show()

assert f"{kept['raw pixels']:.0%}" == "29%", "two components keep little of 64 pixels"
assert f"{kept['autoencoder codes']:.0%}" == "62%", "and more of the 10-d codes"
assert kept["autoencoder codes"] > kept["raw pixels"], "the codes are more compressible"
