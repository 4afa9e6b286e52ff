import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_default_dtype(torch.float64)

# a layer's weights (16 outputs x 64 inputs) and a batch of its inputs
W = torch.tensor(rng.normal(0.0, 0.1, (16, 64)))
x = torch.tensor(rng.normal(0.5, 1.0, (32, 64)))


def affine_params(t, qmin=-128, qmax=127):
    # asymmetric: the range [min, max] (widened to contain 0) onto [qmin, qmax]
    lo, hi = min(t.min().item(), 0.0), max(t.max().item(), 0.0)
    scale = (hi - lo) / (qmax - qmin)
    zero_point = int(np.clip(round(qmin - lo / scale), qmin, qmax))
    return scale, zero_point


def quantize(t, scale, zero_point, qmin=-128, qmax=127):
    return torch.clamp(torch.round(t / scale) + zero_point, qmin, qmax).to(torch.int8)


def dequantize(q, scale, zero_point):
    return scale * (q.to(torch.float64) - zero_point)


# activations: asymmetric, per tensor
s_x, z_x = affine_params(x)
q_x = quantize(x, s_x, z_x)
err_x = (dequantize(q_x, s_x, z_x) - x).abs().max().item()
print(
    f"x in [{x.min().item():.3f}, {x.max().item():.3f}]: scale {s_x:.5f}, zero point {z_x}"
)
print(f"max round-trip error: {err_x / s_x:.3f} scale")

# weights: symmetric (zero point 0), one scale per output channel, range [-127, 127]
s_w = W.abs().amax(dim=1) / 127
q_w = torch.clamp(torch.round(W / s_w[:, None]), -127, 127).to(torch.int8)
err_w = ((q_w.to(torch.float64) * s_w[:, None] - W).abs() / s_w[:, None]).max().item()
print(f"weights: {len(s_w)} scales, max round-trip error: {err_w:.3f} scale")

# integer matmul: int8 x int8 products summed in int32, then one float rescale
acc = (q_x.to(torch.int32) - z_x) @ q_w.to(torch.int32).T
y_int = s_x * s_w * acc.to(torch.float64)
y = x @ W.T
rel = ((y_int - y).norm() / y.norm()).item()
print(
    "accumulator:",
    str(acc.dtype).removeprefix("torch."),
    "largest |sum|:",
    acc.abs().max().item(),
)
print(f"relative error of the int8 layer: {100 * rel:.2f}%")
print("bytes: float32", 4 * W.numel(), "-> int8", W.numel(), "+ scales", 4 * len(s_w))

result = {"q_x": q_x.numpy(), "q_w": q_w.numpy(), "y_int": y_int.numpy()}

assert err_x <= s_x / 2 * (1 + 1e-9), "round-trip error at most half a step"
assert err_w <= 0.5 + 1e-9, "the same for the weights"
assert acc.abs().max().item() > 2**15, "the sums do not fit in 16 bits"
assert rel < 0.02, "the int8 layer is within 2% of the float layer"
