import numpy as np
import torch

SEED = 0
BATCH, K = 64, 4  # one batch of 64 = 4 micro-batches of 16
MICRO = BATCH // K

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(SEED)
x_np = rng.standard_normal((BATCH, 8))
y_np = x_np @ rng.standard_normal(8) + 0.1 * rng.standard_normal(BATCH)
W1, W2 = rng.normal(0.0, 0.5, (8, 16)), rng.normal(0.0, 0.5, (16, 1))
x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)


def make_model(batchnorm=False):
    """8 -> 16 -> 1 network with the same NumPy weights in both frameworks."""
    first, last = torch.nn.Linear(8, 16), torch.nn.Linear(16, 1)
    with torch.no_grad():
        first.weight.copy_(torch.from_numpy(W1.T))
        first.bias.zero_()
        last.weight.copy_(torch.from_numpy(W2.T))
        last.bias.zero_()
    middle = [torch.nn.BatchNorm1d(16)] if batchnorm else []
    return torch.nn.Sequential(first, *middle, torch.nn.Tanh(), last)


def loss_fn(model, xb, yb):
    return torch.mean((model(xb)[:, 0] - yb) ** 2)  # a mean over the samples


def gradient(model):
    """All gradients in one vector, kernels laid out as in Keras."""
    parts = [p.grad.T if p.grad.ndim == 2 else p.grad for p in model.parameters()]
    return torch.cat([g.flatten() for g in parts])


def big_batch_gradient(batchnorm=False):
    model = make_model(batchnorm)
    loss_fn(model, x, y).backward()
    return gradient(model)


def accumulated_gradient(batchnorm=False, divide=True):
    """backward() on each micro-batch; .grad adds up until zero_grad()."""
    model = make_model(batchnorm)
    for xb, yb in zip(x.split(MICRO), y.split(MICRO)):
        loss = loss_fn(model, xb, yb)
        (loss / K if divide else loss).backward()
    return gradient(model)


g_big = big_batch_gradient()
g_acc = accumulated_gradient()
g_sum = accumulated_gradient(divide=False)
g_bn_big = big_batch_gradient(batchnorm=True)
g_bn_acc = accumulated_gradient(batchnorm=True)
diff = (g_acc - g_big).abs().max().item()
ratio = (g_sum.norm() / g_big.norm()).item()
bn_gap = ((g_bn_acc - g_bn_big).norm() / g_bn_big.norm()).item()

# One SGD step after the K micro-batches against one step on the whole batch
LR = 0.1
accumulating, whole = make_model(), make_model()
optimizer = torch.optim.SGD(accumulating.parameters(), lr=LR)
optimizer.zero_grad()
for xb, yb in zip(x.split(MICRO), y.split(MICRO)):
    (loss_fn(accumulating, xb, yb) / K).backward()
optimizer.step()  # one update for the whole batch
reference = torch.optim.SGD(whole.parameters(), lr=LR)
loss_fn(whole, x, y).backward()
reference.step()
step_diff = max(
    (a - b).abs().max().item()
    for a, b in zip(accumulating.parameters(), whole.parameters())
)
result = g_acc.numpy()

print(f"a batch of {BATCH} as {K} micro-batches of {MICRO}")
print(f"accumulated gradient (each loss / {K}) = gradient of the batch: {diff < 1e-12}")
print(f"without the / {K}, the sum is {ratio:.3f} times the gradient of the batch")
print(f"with BatchNorm, accumulated differs from the batch's gradient by {bn_gap:.0%}")
same_step = step_diff < 1e-12
print(f"one SGD step after {K} backward() calls = one on the batch: {same_step}")
assert diff < 1e-12, "accumulating mean losses / K gives the big batch's gradient"
assert abs(ratio - K) < 1e-9, "forgetting / K multiplies the gradient by K"
assert bn_gap > 0.05, "BatchNorm's per-micro-batch statistics change the gradient"
assert step_diff < 1e-12, "so the optimizer step is the big batch's step"
