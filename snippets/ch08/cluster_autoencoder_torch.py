# book: tolerance ±0.02
import numpy as np
import torch
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)  # 1797 images of 8x8 pixels, y only for scoring
X = X / 16.0  # pixels in [0, 1], float64

# The feature learner: an autoencoder 64 -> 32 -> 10 -> 32 -> 64
encoder = torch.nn.Sequential(
    torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)
)
decoder = torch.nn.Sequential(
    torch.nn.Linear(10, 32),
    torch.nn.ReLU(),
    torch.nn.Linear(32, 64),
    torch.nn.Sigmoid(),
)
opt = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=3e-3)
x_all = torch.tensor(X)


def recon_mse():
    with torch.no_grad():
        return torch.mean((decoder(encoder(x_all)) - x_all) ** 2).item()


mse_before = recon_mse()
for _ in range(20):
    for idx in np.array_split(rng.permutation(len(X)), 28):  # batches of ~64
        xb = x_all[idx]
        loss = torch.mean((decoder(encoder(xb)) - xb) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
mse_after = recon_mse()
print(f"reconstruction MSE: {mse_before:.3f} -> {mse_after:.3f}")
with torch.no_grad():
    codes = encoder(x_all).numpy()  # (1797, 10), float64

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
