import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
# 3 user segments x 4 items: true click probabilities (the simulator knows them)
q = np.array(
    [[0.10, 0.30, 0.05, 0.20], [0.25, 0.05, 0.10, 0.15], [0.05, 0.10, 0.40, 0.10]]
)
# logging policy: shows popular items 0 and 1 most, item 2 rarely
pi0 = np.array(
    [[0.50, 0.30, 0.02, 0.18], [0.50, 0.30, 0.02, 0.18], [0.50, 0.30, 0.02, 0.18]]
)
new = np.array([1, 0, 2])  # new policy: the best item of each segment
true_value = q[np.arange(3), new].mean()  # segments are equally frequent
R, N = 400, 3000  # 400 independent logs of 3,000 impressions each
x = rng.integers(3, size=(R, N))
a = (rng.random((R, N, 1)) > pi0[x].cumsum(-1)).sum(-1)  # sample a ~ pi0(.|x)
r = (rng.random((R, N)) < q[x, a]).astype(float)  # logged clicks
prop = pi0[x, a]  # logged propensity of the shown item

x, a, r, prop = (torch.tensor(v) for v in (x, a, r, prop))
match = (a == torch.tensor(new)[x]).double()  # would the new policy show it?
w = match / prop  # importance weight pi(a|x) / pi0(a|x)
est = {
    "logged CTR": r.mean(1),  # the old policy's value
    "naive match": (r * match).sum(1) / match.sum(1),  # matches, unweighted
    "IPS": (w * r).mean(1),
    "SNIPS": (w * r).sum(1) / w.sum(1),
    "IPS clip 10": (w.clamp(max=10) * r).mean(1),
}
print(f"true CTR of the new policy: {true_value:.3f}")
for name, v in est.items():
    print(f"{name:12s} mean {v.mean():.3f}  std {v.std():.4f}")
result = {k: v.numpy() for k, v in est.items()}

m = {k: v.mean().item() for k, v in est.items()}
s = {k: v.std().item() for k, v in est.items()}
assert abs(m["IPS"] - true_value) < 0.01 and abs(m["SNIPS"] - true_value) < 0.01, (
    "unbiased"
)
assert m["naive match"] < true_value - 0.03 and m["logged CTR"] < true_value - 0.05, (
    "biased"
)
assert s["SNIPS"] < s["IPS"], "self-normalizing lowers the variance"
assert s["IPS clip 10"] < s["IPS"] / 2 and m["IPS clip 10"] < true_value - 0.05, (
    "clipping: less variance, more bias"
)
