import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

np.random.seed(0)  # nothing random here: every update is an expected (DP-style) one
# Baird's counterexample (Sutton & Barto 2018, Example 11.1): 7 states, 8 weights.
PHI = np.zeros((7, 8))
PHI[np.arange(6), np.arange(6)] = 2.0  # upper states: v = 2 w_i + w_8
PHI[:6, 7] = 1.0
PHI[6, 6], PHI[6, 7] = 1.0, 2.0  # lower state: v = w_7 + 2 w_8
GAMMA, ALPHA, C = 0.99, 0.01, 100  # discount, step size, target-network period
W0 = np.array([1, 1, 1, 1, 1, 1, 10, 1.0])
P_PI = np.zeros((7, 7))
P_PI[:, 6] = 1.0  # target policy: always "solid", to the lower state
P_B = np.full((7, 7), 1 / 7)  # behaviour policy: next state uniform

phi, d = torch.tensor(PHI), torch.tensor(np.eye(7) / 7)  # d: behaviour's state weights
eye8 = torch.eye(8)
step = ALPHA * phi.T @ d  # w += step @ (target - v)


def linear_update(p, bootstrap=True):
    # One sweep of semi-gradient TD(0) (or Monte Carlo: target = true return 0).
    target = GAMMA * torch.tensor(p) @ phi if bootstrap else torch.zeros_like(phi)
    return eye8 + step @ (target - phi)


def with_target_network():
    # C sweeps against a frozen copy w_t of the weights, then w_t <- w.
    m_w = eye8 - step @ phi
    m_t = step @ (GAMMA * torch.tensor(P_PI) @ phi)
    total, power = torch.zeros_like(eye8), eye8
    for _ in range(C):
        total, power = total + power @ m_t, power @ m_w
    return power + total


tab = torch.eye(7) + ALPHA * d @ (GAMMA * torch.tensor(P_PI) - torch.eye(7))
variants = {  # name: (one-period update matrix, sweeps per period, tabular?)
    "off-policy TD, linear (the triad)": (linear_update(P_PI), 1, False),
    "on-policy TD, linear": (linear_update(P_B), 1, False),
    "off-policy Monte Carlo, linear": (linear_update(P_PI, False), 1, False),
    "off-policy TD, tabular": (tab, 1, True),
    "off-policy TD, linear, target net": (with_target_network(), C, False),
}
result = {}
print(
    f"{'update':34s} {'growth/sweep':>12s} {'max|v| after 1,000':>18s} {'10,000 sweeps':>13s}"
)
for name, (m, per, tabular) in variants.items():
    radius = torch.linalg.eigvals(m).abs().max().item() ** (1 / per)
    v = torch.tensor(PHI @ W0)[:, None]  # all true values are 0: max|v| is the error
    m1k = torch.eye(m.shape[0])
    for _ in range(1000 // per):
        m1k = m @ m1k
    if not tabular:
        v = torch.tensor(W0)[:, None]
    err = []
    for _ in range(10):
        v = m1k @ v
        vals = v if tabular else phi @ v
        err.append(vals.abs().max().item())
    err = np.maximum(err, 1e-3)  # below 0.001 only rounding is left
    result[name] = np.array([radius, np.log10(err[0]), np.log10(err[9])])
    shown = [f"{x:.3g}" if x > 1e-3 else "< 0.001" for x in (err[0], err[9])]
    print(f"{name:34s} {radius:12.6f} {shown[0]:>18s} {shown[1]:>13s}")

r = {k: v[0] for k, v in result.items()}
e = {k: v[2] for k, v in result.items()}
assert r["off-policy TD, linear (the triad)"] > 1.002, "the triad's update grows"
assert e["off-policy TD, linear (the triad)"] > 12, "and diverges: max|v| above 1e12"
assert all(r[k] < 1 + 1e-9 for k in r if "triad" not in k), "no other update grows"
assert all(e[k] < np.log10(20) for k in e if "triad" not in k), (
    "all others stay below 20"
)
