# ruff: noqa: F821
# Run after cluster_autoencoder_torch.py in the same kernel: it uses X and y.
import matplotlib.pyplot as plt
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from sklearn.metrics import adjusted_rand_score

Z = linkage(X, method="ward")  # (n - 1) merges: [cluster a, cluster b, height, size]
flat = fcluster(Z, t=10, criterion="maxclust")  # cut where 10 branches remain
cut = (Z[-10, 2] + Z[-9, 2]) / 2  # a height between the 9th-last and 10th-last merges
print(
    f"{len(Z)} merges; cutting at height {cut:.1f} leaves 10 clusters, "
    f"ARI {adjusted_rand_score(y, flat):.2f}"
)

fig, ax = plt.subplots(figsize=(10, 4), facecolor="white")
dendrogram(Z, truncate_mode="lastp", p=30, ax=ax, color_threshold=cut)
ax.axhline(cut, color="grey", linestyle="--")
ax.set(title="Ward linkage on raw digit pixels (last 30 merges)", ylabel="merge height")
ax.set_xlabel("leaf: a point, or (n) a branch of n points")
fig.tight_layout()
plt.show()

assert len(set(flat)) == 10, "the cut leaves 10 clusters"
assert f"{adjusted_rand_score(y, flat):.2f}" == "0.79", (
    "the same ARI as Ward in sklearn"
)
