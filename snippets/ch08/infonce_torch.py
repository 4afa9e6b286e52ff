import math

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
N, D = 8, 16  # 8 images, two views each
a = rng.normal(size=(N, D))
views = {
    "matched": (a, a + 0.3 * rng.normal(size=(N, D))),  # view 2 close to view 1
    "unrelated": (a, rng.normal(size=(N, D))),
}  # view 2 unrelated


def nt_xent_formula(z1, z2, tau):
    z = F.normalize(torch.cat([z1, z2]), dim=1)  # 2N unit vectors
    sim = z @ z.T / tau  # cosine similarity / tau
    losses = []
    for i in range(2 * N):
        pos = (i + N) % (2 * N)  # the other view of image i
        others = [k for k in range(2 * N) if k != i]
        losses.append(-sim[i, pos] + torch.logsumexp(sim[i, others], dim=0))
    return torch.stack(losses).mean()


def nt_xent_ce(z1, z2, tau):  # the same as a cross-entropy
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / tau
    sim = sim.masked_fill(torch.eye(2 * N, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(N, 2 * N), torch.arange(0, N)])
    return F.cross_entropy(sim, target)


out = []
for name, (v1, v2) in views.items():
    for tau in [0.1, 0.5, 1.0]:
        z1, z2 = torch.tensor(v1), torch.tensor(v2)
        f, c = nt_xent_formula(z1, z2, tau), nt_xent_ce(z1, z2, tau)
        assert abs(f - c) < 1e-12, "formula and cross-entropy agree"
        out.append(c.item())
        print(f"{name:9s} tau={tau:.1f}: loss {c.item():.4f}")
print(f"log(2N-1) = {math.log(2 * N - 1):.4f}  (all similarities equal)")
result = np.array(out)

assert all(m < u for m, u in zip(out[:3], out[3:])), "matched views give a lower loss"
assert out[0] < 0.1 < math.log(2 * N - 1) < out[3], (
    "small tau: sharp in both directions"
)
