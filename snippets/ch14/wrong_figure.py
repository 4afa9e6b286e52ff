import matplotlib.pyplot as plt
import numpy as np

np.random.seed(0)  # nothing random: expected (DP-style) updates on Baird's example
PHI = np.zeros((7, 8))
PHI[np.arange(6), np.arange(6)] = 2.0
PHI[:6, 7] = 1.0
PHI[6, 6], PHI[6, 7] = 1.0, 2.0
GAMMA, ALPHA, SWEEPS = 0.99, 0.01, 5000
P_PI = np.zeros((7, 7))
P_PI[:, 6] = 1.0  # target policy: always to the lower state
P_B = np.full((7, 7), 1 / 7)  # behaviour policy: next state uniform
STEP = ALPHA * PHI.T / 7  # states weighted uniformly (the behaviour's distribution)


def run(p, bootstrap=True):
    w, err = np.array([1, 1, 1, 1, 1, 1, 10, 1.0]), []
    for _ in range(SWEEPS):
        v = PHI @ w
        target = GAMMA * p @ v if bootstrap else np.zeros(7)
        w = w + STEP @ (target - v)
        err.append(np.abs(PHI @ w).max())  # true values are 0: this is the error
    return np.array(err)


curves = {
    "off-policy TD (function approx. + bootstrapping + off-policy)": run(P_PI),
    "on-policy TD (evaluate the behaviour policy)": run(P_B),
    "off-policy Monte Carlo (no bootstrapping)": run(P_PI, False),
}
fig, ax = plt.subplots(figsize=(7, 4))
for (name, err), style in zip(curves.items(), ["-", "--", ":"]):
    ax.semilogy(np.arange(1, SWEEPS + 1), err, style, label=name)
ax.set_xlabel("sweep (one expected update of all 7 states)")
ax.set_ylabel("largest |v(s)| (true value 0)")
ax.set_title("Baird's counterexample: only the deadly triad diverges")
ax.legend(fontsize=8)
fig.tight_layout()
final = {k: v[-1] for k, v in curves.items()}
shown = [f"{v:.3g}" if v > 1e-3 else "< 0.001" for v in final.values()]
print(
    f"largest |v| after {SWEEPS} sweeps: "
    + ", ".join(f"{k.split(' (')[0]} {x}" for k, x in zip(final, shown))
)
vals = list(final.values())
assert vals[0] > 1e5 and max(vals[1:]) < 10, "only the triad diverges"
plt.show()
