# book: tolerance ±0.02
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: one thread is fastest
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = torch.tensor(X / 16.0).reshape(-1, 1, 8, 8)
y = torch.tensor(y)
idx = torch.tensor(rng.permutation(len(X)))
train, test = idx[:1200], idx[1200:]
P, D, HEADS, MLP, EPOCHS = 2, 32, 2, 64, 12


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        n = (8 // P) ** 2  # 16 patches
        self.embed = nn.Conv2d(1, D, kernel_size=P, stride=P)  # patch embedding
        self.cls = nn.Parameter(torch.zeros(1, 1, D))  # class token
        self.pos = nn.Parameter(0.02 * torch.randn(1, n + 1, D))  # learned positions
        self.block = nn.TransformerEncoderLayer(  # one Pre-LN encoder layer
            D,
            HEADS,
            MLP,
            dropout=0.0,
            activation="gelu",
            batch_first=True,
            norm_first=True,
        )
        self.norm, self.head = nn.LayerNorm(D), nn.Linear(D, 10)

    def forward(self, x):
        t = self.embed(x).flatten(2).transpose(1, 2)  # (N, 16, D)
        t = torch.cat([self.cls.expand(len(x), -1, -1), t], dim=1) + self.pos
        return self.head(self.norm(self.block(t))[:, 0])  # read the class token


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),  # 8x8 -> 4x4
        nn.Conv2d(32, 32, 3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 10),
    )


def fit(model):
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    for _ in range(EPOCHS):
        for b in train[torch.randperm(len(train))].split(128):
            loss = nn.functional.cross_entropy(model(X[b]), y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return (model(X[test]).argmax(1) == y[test]).double().mean().item()


acc, n_params = {}, {}
for name, make in [("ViT", ViT), ("CNN", cnn)]:
    model = make()
    n_params[name] = sum(p.numel() for p in model.parameters())
    acc[name] = fit(model)
    print(f"{name}: {n_params[name]} parameters, test accuracy {acc[name]:.2f}")

assert abs(n_params["ViT"] - n_params["CNN"]) < 0.03 * n_params["CNN"], "equal sizes"
assert min(acc.values()) > 0.8, "both models learn the digits"
assert abs(acc["CNN"] - acc["ViT"]) < 0.06, (
    "at this size the two tie within a few points"
)
