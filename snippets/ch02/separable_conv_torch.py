import numpy as np
import torch
from torch import nn

SEED = 0
K, C_IN, C_OUT, SIZE = 3, 64, 128, 16  # kernel, channels in and out, image size

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)

# the same NumPy arrays as in the Keras version, which is channels-last
x = rng.standard_normal((2, SIZE, SIZE, C_IN))
depthwise = rng.standard_normal((K, K, C_IN)) / K  # one k x k filter per channel
pointwise = rng.standard_normal((C_IN, C_OUT)) / np.sqrt(C_IN)  # 1x1: mixes channels
bias = rng.standard_normal(C_OUT)


def count(module):
    return sum(p.numel() for p in module.parameters())


standard = nn.Conv2d(C_IN, C_OUT, K, padding="same")
# PyTorch has no separable layer: a depthwise Conv2d (one group per channel)
# followed by a 1x1 Conv2d
separable = nn.Sequential(
    nn.Conv2d(C_IN, C_IN, K, padding="same", groups=C_IN, bias=False),
    nn.Conv2d(C_IN, C_OUT, 1),
)
print(f"{'layer':<34}{'params':>7}{'formula':>9}")
rows = [
    ("Conv2d 3x3, 64 -> 128", count(standard), K * K * C_IN * C_OUT + C_OUT),
    (
        "Conv2d groups=64 + Conv2d 1x1",
        count(separable),
        K * K * C_IN + C_IN * C_OUT + C_OUT,
    ),
]
for name, n, formula in rows:
    print(f"{name:<34}{n:>7}{formula:>9}")

# multiply-adds per image: every weight is used once per output position
madds_standard = K * K * C_IN * C_OUT * SIZE * SIZE
madds_separable = (K * K * C_IN + C_IN * C_OUT) * SIZE * SIZE
print(
    f"multiply-adds per image: standard {madds_standard}, separable "
    f"{madds_separable} ({madds_standard / madds_separable:.1f} times fewer)"
)

# PyTorch weights are (out, in / groups, k, k) and images (N, C, H, W)
with torch.no_grad():
    separable[0].weight.copy_(torch.tensor(depthwise.transpose(2, 0, 1)[:, None]))
    separable[1].weight.copy_(torch.tensor(pointwise.T[:, :, None, None]))
    separable[1].bias.copy_(torch.tensor(bias))
    # a standard convolution whose kernel is the product W[u,v,c,c'] = D[u,v,c] P[c,c']
    kernel = depthwise[..., None] * pointwise  # (k, k, in, out)
    standard.weight.copy_(torch.tensor(kernel.transpose(3, 2, 0, 1)))
    standard.bias.copy_(torch.tensor(bias))
    images = torch.tensor(x).permute(0, 3, 1, 2)
    out_separable = separable(images)
    gap = (out_separable - standard(images)).abs().max().item()
result = out_separable.permute(0, 2, 3, 1).numpy()  # channels-last, as in Keras
print("separable = Conv2d with kernel D[u,v,c] * P[c,c']:", gap < 1e-10)

for name, n, formula in rows:
    assert n == formula, f"{name}: PyTorch matches the formula"
assert rows[0][1] > 8 * rows[1][1], "more than 8 times fewer parameters"
assert gap < 1e-10, "a separable convolution is a convolution with a factorized kernel"
