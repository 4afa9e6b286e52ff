# book: tolerance ±0.02
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: one thread is faster
rng = np.random.default_rng(0)


class SE(nn.Module):  # squeeze-and-excitation (Hu et al. 2018)
    def __init__(self, c, r=4):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(c, c // r), nn.Linear(c // r, c)

    def gates(self, x):  # x: (N, C, H, W) -> one gate per channel, (N, C)
        s = x.mean(dim=(2, 3))  # squeeze: global average pooling
        return torch.sigmoid(self.fc2(F.relu(self.fc1(s))))  # excitation

    def forward(self, x):
        return x * self.gates(x)[:, :, None, None]  # rescale each channel


# 1) one SE block with fixed NumPy weights on a fixed input
C, r = 8, 4
x_np = rng.normal(size=(2, 5, 5, C))  # channels-last, as in Keras
w = [rng.normal(size=s) for s in [(C, C // r), (C // r,), (C // r, C), (C,)]]
se = SE(C, r)
with torch.no_grad():
    for p, v in zip(se.parameters(), w):
        p.copy_(torch.tensor(v.T if v.ndim == 2 else v))
    x = torch.tensor(x_np).permute(0, 3, 1, 2)
    g = se.gates(x)
    y = se(x)
print("gates of image 0:", np.round(g[0].numpy(), 3))
result = g.numpy()
n_se = sum(p.numel() for p in se.parameters())
print(f"SE parameters for C={C}, r={r}: {n_se} = 2C^2/r + C/r + C")
assert 0 < g.min() and g.max() < 1, "gates lie in (0, 1)"
assert torch.allclose(y, x * g[:, :, None, None]), "each channel is scaled by its gate"
assert n_se == 2 * C * C // r + C // r + C, "parameter count"

# 2) a small CNN on the 8x8 digits, with and without an SE block
X, y_all = load_digits(return_X_y=True)
X = torch.tensor(X.reshape(-1, 1, 8, 8) / 16.0)
y_all = torch.tensor(y_all)
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]


def make_cnn(use_se):
    layers = [nn.Conv2d(1, 16, 3, padding=1), nn.ReLU()]
    layers += [nn.Conv2d(16, 16, 3, padding=1), nn.ReLU()]
    layers += [SE(16, 4)] if use_se else []
    layers += [nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 4 * 4, 10)]
    return nn.Sequential(*layers)


acc = {False: [], True: []}
for seed in range(3):
    for use_se in (False, True):
        torch.manual_seed(seed)
        model = make_cnn(use_se)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        order = np.random.default_rng(seed)
        for _epoch in range(5):
            for b in order.permutation(train).reshape(-1, 100):
                loss = F.cross_entropy(model(X[b]), y_all[b])
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            pred = model(X[test]).argmax(1)
        acc[use_se].append((pred == y_all[test]).double().mean().item())
    print(f"seed {seed}: plain {acc[False][-1]:.3f}, with SE {acc[True][-1]:.3f}")
for use_se in (False, True):
    n = sum(p.numel() for p in make_cnn(use_se).parameters())
    name = "with SE" if use_se else "plain  "
    print(f"{name} {n} parameters, mean test accuracy {np.mean(acc[use_se]):.3f}")

assert min(acc[False] + acc[True]) > 0.9, "both CNNs learn the digits"
assert abs(np.mean(acc[True]) - np.mean(acc[False])) < 0.03, "the gain is within noise"
