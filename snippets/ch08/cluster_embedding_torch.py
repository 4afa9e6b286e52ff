# book: tolerance ±0.02
import numpy as np
import torch
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
# 18 labelled images per digit train the embedding; the other 1617 are clustered
labelled = np.concatenate(
    [rng.choice(np.flatnonzero(y == d), 18, replace=False) for d in range(10)]
)
rest = np.setdiff1d(np.arange(len(X)), labelled)

embed = torch.nn.Sequential(
    torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 16), torch.nn.ReLU()
)
head = torch.nn.Linear(16, 10)
opt = torch.optim.Adam([*embed.parameters(), *head.parameters()], lr=1e-2)
xl, yl = torch.tensor(X[labelled]), torch.tensor(y[labelled])
for _ in range(120):  # full batch: the 180 labelled images
    loss = torch.nn.functional.cross_entropy(head(embed(xl)), yl)
    opt.zero_grad()
    loss.backward()
    opt.step()
with torch.no_grad():
    emb = embed(torch.tensor(X[rest])).numpy()  # (1617, 16), never saw these labels
    acc = (head(torch.tensor(emb)).argmax(1).numpy() == y[rest]).mean()
print(f"train loss {loss.item():.3f}, accuracy on the other 1617: {acc:.2f}")

scores = {}
for name, feats in [("raw pixels (64-d)", X[rest]), ("embedding (16-d)", emb)]:
    pred = KMeans(n_clusters=10, n_init=10, random_state=0).fit_predict(feats)
    scores[name] = adjusted_rand_score(y[rest], pred)
    nmi = normalized_mutual_info_score(y[rest], pred)
    print(f"{name:18s} k-means ARI {scores[name]:.2f}  NMI {nmi:.2f}")

assert acc > 0.85, "the embedding separates digits it was not trained on"
assert scores["embedding (16-d)"] > scores["raw pixels (64-d)"] + 0.04, "k-means gains"
