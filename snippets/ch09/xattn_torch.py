# book: tolerance ±0.03
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
pools = {"train": idx[:1200], "test": idx[1200:]}  # test tiles are unseen digits


def make_set(n, pool):
    # a 16x16 "image" = four 8x8 tiles (patches) holding four different digits;
    # the "text" asks for a slot j (0-3), the answer is the digit in that tile
    tiles, query, answer = np.zeros((n, 4, 64)), np.zeros(n, int), np.zeros(n, int)
    for i in range(n):
        digits = rng.choice(10, 4, replace=False)
        for s, d in enumerate(digits):
            tiles[i, s] = X[rng.choice(pool[y[pool] == d])]
        query[i] = rng.integers(4)
        answer[i] = digits[query[i]]
    return torch.tensor(tiles), torch.tensor(query), torch.tensor(answer)


train, test = make_set(3000, pools["train"]), make_set(1000, pools["test"])
D = 32


class Patches(nn.Module):  # image side: one embedding per tile + slot embedding
    def __init__(self):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, D))
        self.pos = nn.Parameter(0.1 * torch.randn(4, D))

    def forward(self, tiles):
        return self.mlp(tiles) + self.pos  # (batch, 4, D)


class CrossAttention(nn.Module):  # query from the text, keys/values from the image
    def __init__(self):
        super().__init__()
        self.patches, self.word = Patches(), nn.Embedding(4, D)
        self.wq, self.wk, self.wv = (nn.Linear(D, D) for _ in range(3))
        self.out = nn.Linear(D, 10)

    def forward(self, tiles, query):
        p = self.patches(tiles)
        q = self.wq(self.word(query))[:, None, :]  # (batch, 1, D)
        scores = q @ self.wk(p).transpose(1, 2) / D**0.5  # (batch, 1, 4)
        self.weights = scores.softmax(-1)[:, 0]  # attention weights over the tiles
        return self.out((self.weights[:, :, None] * self.wv(p)).sum(1))


class ImageOnly(nn.Module):
    def __init__(self):
        super().__init__()
        self.patches, self.out = Patches(), nn.Linear(4 * D, 10)

    def forward(self, tiles, query):
        return self.out(self.patches(tiles).flatten(1))


class QueryOnly(nn.Module):
    def __init__(self):
        super().__init__()
        self.word, self.out = nn.Embedding(4, D), nn.Linear(D, 10)

    def forward(self, tiles, query):
        return self.out(self.word(query))


def fit(model, steps):
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    for _ in range(steps):
        b = torch.tensor(rng.choice(3000, 128, replace=False))
        loss = F.cross_entropy(model(train[0][b], train[1][b]), train[2][b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = model(test[0], test[1]).argmax(1)
    return (pred == test[2]).double().mean().item()


acc = {}
for name, model, steps in [
    ("query only", QueryOnly(), 50),
    ("image only", ImageOnly(), 200),
    ("cross-attention", CrossAttention(), 250),
]:
    acc[name] = fit(model, steps)
    print(f"{name:15s} test accuracy {acc[name]:.2f}")

with torch.no_grad():
    model(test[0][:1], test[1][:1])  # the first test example
    w = model.weights[0].numpy()
    model(test[0], test[1])
    on_answer = model.weights[torch.arange(1000), test[1]].numpy()
print(f"example: asks for slot {test[1][0].item()}, which holds a {test[2][0].item()}")
print("attention weights over slots 0-3:", np.round(w, 2))
print(f"mean weight on the asked tile over the test set: {on_answer.mean():.2f}")

assert acc["query only"] < 0.15, "the query alone: chance (0.1)"
assert acc["image only"] < 0.35, "the image alone: at best one of four digits"
assert acc["cross-attention"] > 0.85, "both modalities through cross-attention"
assert w.argmax() == test[1][0].item() and w.max() > 0.8, "attends to the right tile"
assert on_answer.mean() > 0.8, "and does so on most test examples"
