import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

X, _ = load_digits(return_X_y=True)
images = torch.tensor(X[:4] / 16.0).reshape(4, 1, 8, 8)  # 4 digits, channels first
N, C, H, W = images.shape
D = 16  # embedding width


def patchify(x, p):  # (N, C, H, W) -> (N, H/p * W/p, p*p*C), row by row
    x = x.permute(0, 2, 3, 1)  # channels last, so a patch is (p, p, C) as in Keras
    x = x.reshape(N, H // p, p, W // p, p, C).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(N, (H // p) * (W // p), p * p * C)


result = {}
for p in [2, 4]:
    w = rng.normal(size=(p * p * C, D)) / p  # one weight matrix from NumPy
    b = rng.normal(size=D)
    cls = torch.tensor(rng.normal(size=(1, 1, D)))  # the class token
    pos = torch.tensor(rng.normal(size=(1, (H // p) * (W // p) + 1, D)))

    linear = nn.Linear(p * p * C, D)  # way 1: cut into patches, then a linear layer
    conv = nn.Conv2d(C, D, kernel_size=p, stride=p)  # way 2: kernel = stride
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(w.T))
        linear.bias.copy_(torch.tensor(b))
        # (p*p*C, D) -> (D, C, p, p), the layout of a PyTorch conv kernel
        conv.weight.copy_(torch.tensor(w.reshape(p, p, C, D).transpose(3, 2, 0, 1)))
        conv.bias.copy_(torch.tensor(b))
        tok_linear = linear(patchify(images, p))
        tok_conv = conv(images).flatten(2).transpose(1, 2)  # (N, D, H/p, W/p) -> tokens
        seq = torch.cat([cls.expand(N, -1, -1), tok_conv], dim=1) + pos

    gap = (tok_linear - tok_conv).abs().max().item()
    pos_size = int(np.prod(pos.shape))
    print(
        f"P={p}: {tok_conv.shape[1]} tokens of {p * p * C} pixels,"
        f" patches {tuple(patchify(images, p).shape)} -> tokens {tuple(tok_conv.shape)}"
        f" -> with [CLS] {tuple(seq.shape)}"
    )
    print(
        f"     linear == conv (to 1e-12): {gap < 1e-12};  parameters: projection"
        f" {w.size + b.size}, [CLS] {D}, positions {pos_size}"
    )
    result[f"P{p}"] = seq.numpy()
    assert gap < 1e-12, "a linear layer on patches equals a conv with kernel = stride"
    assert seq.shape == (N, (H // p) * (W // p) + 1, D), "one [CLS] + (H/P)(W/P)"

print("first image, [CLS] row, 3 values:", np.round(result["P2"][0, 0, :3], 4))
print("ViT on 224x224 images: tokens (and attention pairs) per patch size")
for p in [32, 16, 14, 8]:
    t = (224 // p) ** 2
    print(f"  P={p:2d}: {t:4d} tokens, {(t + 1) ** 2:7d} pairs with [CLS]")

assert (224 // 16) ** 2 == 196, "ViT-B/16 sees 196 patches"
assert (224 // 8) ** 2 == 4 * (224 // 16) ** 2, "halving P quadruples the tokens"
