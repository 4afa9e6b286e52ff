import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
H = W = 16  # a 16x16 feature map with C thin channels, stride 1
C, t, k = 32, 6, 3  # expansion factor t = 6, as in MobileNetV2
x = rng.normal(size=(1, H, W, C))
w_expand = rng.normal(size=(1, 1, C, t * C)) / np.sqrt(C)
w_dw = rng.normal(size=(k, k, t * C, 1)) / k
w_project = rng.normal(size=(1, 1, t * C, C)) / np.sqrt(t * C)
w_a = rng.normal(size=(k, k, C, C)) / np.sqrt(k * k * C)
w_b = rng.normal(size=(k, k, C, C)) / np.sqrt(k * k * C)


def torch_layout(w):  # NumPy (k, k, in, out) -> PyTorch (out, in, k, k)
    return torch.tensor(w).permute(3, 2, 0, 1)


class InvertedResidual(nn.Module):  # MobileNetV2 block
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(C, t * C, 1, bias=False),  # expand
            nn.ReLU6(),
            nn.Conv2d(t * C, t * C, k, padding="same", groups=t * C, bias=False),
            nn.ReLU6(),
            nn.Conv2d(t * C, C, 1, bias=False),  # linear projection: no activation
        )

    def forward(self, x):
        return x + self.block(x)


class BasicBlock(nn.Module):  # ResNet: two standard 3x3 convolutions
    def __init__(self):
        super().__init__()
        self.conv_a = nn.Conv2d(C, C, k, padding="same", bias=False)
        self.conv_b = nn.Conv2d(C, C, k, padding="same", bias=False)

    def forward(self, x):
        return torch.relu(x + self.conv_b(torch.relu(self.conv_a(x))))


inverted, basic = InvertedResidual(), BasicBlock()
with torch.no_grad():
    inverted.block[0].weight.copy_(torch_layout(w_expand))
    inverted.block[2].weight.copy_(
        torch.tensor(w_dw).permute(2, 3, 0, 1)
    )  # (tC, 1, k, k)
    inverted.block[4].weight.copy_(torch_layout(w_project))
    basic.conv_a.weight.copy_(torch_layout(w_a))
    basic.conv_b.weight.copy_(torch_layout(w_b))

macs_inv = H * W * (C * t * C + k * k * t * C + t * C * C)  # per position, times HW
macs_basic = H * W * 2 * k * k * C * C
p_inv = sum(p.numel() for p in inverted.parameters())
p_basic = sum(p.numel() for p in basic.parameters())
print(f"inverted residual, t={t}: {p_inv:6d} weights, {macs_inv:9,d} mult-adds")
print(f"basic residual block:    {p_basic:6d} weights, {macs_basic:9,d} mult-adds")
print(f"widest tensor: {t * C} channels against {C}, {H * W * t * C:,d} values")
with torch.no_grad():
    xt = torch.tensor(x).permute(0, 3, 1, 2)  # NHWC -> NCHW
    y_inv = inverted(xt).permute(0, 2, 3, 1).numpy()
    y_basic = basic(xt).permute(0, 2, 3, 1).numpy()
print(f"output shapes {y_inv.shape} and {y_basic.shape}")
result = {
    "counts": np.array([p_inv, p_basic, macs_inv, macs_basic]),
    "inverted": y_inv,
    "basic": y_basic,
}

assert p_inv == 2 * t * C * C + k * k * t * C, (
    "two 1x1 convolutions and a depthwise one"
)
assert p_inv < p_basic and macs_inv < macs_basic, "cheaper, though 6 times wider inside"
assert y_inv.shape == x.shape, "thin in, thin out: the shortcut joins the thin ends"
