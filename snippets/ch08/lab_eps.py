import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_moons
from sklearn.metrics import adjusted_rand_score

X_moons, y_moons = make_moons(n_samples=300, noise=0.1, random_state=0)
eps_values = np.round(np.arange(0.05, 0.401, 0.025), 3)
n_clusters, noise_share, ari = [], [], []
for eps in eps_values:
    labels = DBSCAN(eps=eps, min_samples=10).fit_predict(X_moons)
    n_clusters.append(labels.max() + 1)
    noise_share.append(np.mean(labels == -1))
    ari.append(adjusted_rand_score(y_moons, labels))
good = eps_values[np.array(ari) > 0.9]
print(f"ARI above 0.9 for eps in {good.tolist()}")

fig, ax = plt.subplots(figsize=(7, 3.8), facecolor="white")
ax.plot(eps_values, ari, "o-", label="ARI")
ax.plot(eps_values, noise_share, "s--", label="share of noise points")
ax.set(xlabel="eps (min_samples=10)", ylim=(-0.05, 1.15))
for e, n in zip(eps_values, n_clusters):
    ax.annotate(str(n), (e, 1.08), ha="center", fontsize=8)
ax.set_title("DBSCAN on two moons (numbers: clusters found)")
ax.legend(loc="center right")
fig.tight_layout()
plt.show()

assert good.tolist() == [0.2, 0.225, 0.25], "only a narrow band of eps works"
assert noise_share[0] == 1.0 and n_clusters[-1] == 1, (
    "too small: all noise; too big: one"
)
assert noise_share[:2] == [1.0, 1.0], "below 0.1 every point is noise"
assert all(n == 1 for n in n_clusters[9:]), "from 0.275 on, one cluster"
assert max(n_clusters) == 10, "in between, up to 10 fragments"
