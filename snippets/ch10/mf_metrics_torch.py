import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(1)
U, I, K = 5, 8, 3  # users, items, cut-off
scores = np.round(rng.normal(size=(U, I)), 2)  # fixed scores of some model
seen = rng.random((U, I)) < 0.3  # items in each user's training history
test = np.array([0, 3, 5, 7, 2])  # each user's held-out item
seen[np.arange(U), test] = False

s = torch.tensor(scores).masked_fill(torch.tensor(seen), float("-inf"))
target = s[torch.arange(U), torch.tensor(test)]
rank = (s > target[:, None]).sum(1)  # items ranked above the test item
hit = (rank < K).double()
ndcg = hit / torch.log2(rank + 2.0)  # one relevant item: IDCG = 1
print("rank of test item:", rank.tolist())
print(f"HR@{K} {hit.mean().item():.3f}  NDCG@{K} {ndcg.mean().item():.3f}")
result = {"rank": rank.numpy(), "hr": hit.numpy(), "ndcg": ndcg.numpy()}

# Check against a plain sort of the unseen items.
for u in range(U):
    order = [i for i in np.argsort(-scores[u], kind="stable") if not seen[u, i]]
    assert order.index(test[u]) == rank[u], "rank equals position in the sorted list"
assert list(rank) == [3, 1, 3, 4, 2], "ranks counted by hand"
by_hand = (1 / np.log2(3) + 1 / np.log2(4)) / U  # users 1 and 4 are hits
assert abs(float(ndcg.mean()) - by_hand) < 1e-12, "NDCG@3 = 0.226 by hand"
assert np.isclose(ndcg[rank == 1], 1 / np.log2(3)).all(), "second position 0.631"
assert (ndcg[rank >= K] == 0).all(), "outside the top K scores 0"
