import math

import numpy as np
import torch

SEED = 0
N, STEPS, LR, MAX_NORM = 256, 100, 0.1, 1.0

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# Feature 2 is in the hundreds: the loss is 10^4 times steeper along its weight.
x_raw = rng.standard_normal((N, 2)) * [1.0, 100.0]
y_np = x_raw @ [2.0, 0.03] + 0.1 * rng.standard_normal(N)
x_scaled = x_raw / x_raw.std(0)  # the actual fix: put features on one scale


def train(x_np, clip):
    """Full-batch SGD on a linear model; returns final loss and gradient norms."""
    x = torch.tensor(x_np, dtype=torch.float32)
    y = torch.tensor(y_np, dtype=torch.float32)
    w = torch.zeros(2, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=LR)
    norms = []
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = torch.mean((x @ w - y) ** 2)
        if not math.isfinite(loss.item()):
            return float("nan"), norms, step
        loss.backward()
        if clip:
            # returns the norm before clipping
            norms.append(torch.nn.utils.clip_grad_norm_([w], MAX_NORM).item())
        else:
            norms.append(w.grad.norm().item())
        optimizer.step()
    return torch.mean((x @ w - y) ** 2).item(), norms, None


runs = {
    "raw features, no clipping": train(x_raw, clip=False),
    "raw features, clipnorm 1": train(x_raw, clip=True),
    "scaled features, no clipping": train(x_scaled, clip=False),
}
for name, (loss, norms, bad_step) in runs.items():
    if bad_step is not None:
        print(f"{name:<29} loss is inf/nan from step {bad_step}")
    else:
        print(
            f"{name:<29} final loss {loss:10.4f}   gradient norm: "
            f"first {norms[0]:8.1f}, last {norms[-1]:8.1f}"
        )

clipped, scaled = runs["raw features, clipnorm 1"], runs["scaled features, no clipping"]
result = np.array([clipped[0], scaled[0]])
assert runs["raw features, no clipping"][2] is not None, "unclipped SGD must blow up"
assert math.isfinite(clipped[0]), "clipping must keep the loss finite"
assert clipped[0] > 100 * scaled[0], "clipping alone must not fix the scaling"
assert clipped[1][-1] > 100 * MAX_NORM, "the raw gradient must still be huge"
assert scaled[0] < 0.02, "rescaled features must train to the noise level"
