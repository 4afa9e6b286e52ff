import numpy as np
import torch
from sklearn.datasets import load_digits

SEED = 0
STEPS = 30

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# What each format can hold: a tiny gradient, a large activation, 1 + 1/1000
probe = torch.tensor([1e-8, 70000.0, 1.001])
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    values = ", ".join(f"{v:.6g}" for v in probe.to(dtype).float().tolist())
    print(f"{str(dtype).removeprefix('torch.'):<15} holds: {values}")

digits = load_digits()
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target)
model = torch.nn.Sequential(
    torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)
)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

with torch.no_grad():
    reference = model(x)  # float32
losses = []
for _ in range(STEPS):
    optimizer.zero_grad()
    # matrix multiplications run in bfloat16; the weights stay float32
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits.float(), y)
    loss.backward()  # no GradScaler: bfloat16 has float32's exponent range
    optimizer.step()
    losses.append(loss.item())
    if len(losses) == 1:
        error = (
            (logits.float() - reference).abs().max() / reference.abs().max()
        ).item()

weight = model[0].weight
print("activations:", logits.dtype, f"({logits.element_size()} bytes each)")
print("weights:", weight.dtype, " gradients:", weight.grad.dtype)
print(f"largest bfloat16 error on the logits, relative: {error:.4f}")
print(f"loss: {losses[0]:.3f} -> {losses[-1]:.3f} in {STEPS} steps")

assert logits.dtype == torch.bfloat16 and weight.dtype == torch.float32, "autocast"
assert weight.grad.dtype == torch.float32, "gradients arrive in float32"
assert probe.half()[0] == 0 and torch.isinf(probe.half()[1]), "float16 range"
assert probe.bfloat16()[0] > 0 and probe.bfloat16()[2] == 1, "bfloat16 precision"
assert 1e-4 < error < 0.05, "bfloat16 costs about two decimal digits"
assert losses[-1] < 0.5 * losses[0], "training under autocast must work"
