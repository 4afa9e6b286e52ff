import math

import matplotlib.pyplot as plt
import numpy as np

ALPHA = 0.1  # Leaky ReLU slope; larger than the usual 0.01 so that it shows

z = np.linspace(-5, 5, 1001)
sigmoid = 1 / (1 + np.exp(-z))
cdf = 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))  # standard normal Phi(z)
pdf = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
# name: (f(z), f'(z))
curves = {
    "sigmoid": (sigmoid, sigmoid * (1 - sigmoid)),
    "tanh": (np.tanh(z), 1 - np.tanh(z) ** 2),
    "ReLU": (np.maximum(z, 0), (z > 0).astype(float)),
    f"Leaky ReLU, α = {ALPHA}": (
        np.where(z > 0, z, ALPHA * z),
        np.where(z > 0, 1, ALPHA),
    ),
    "GELU": (z * cdf, cdf + z * pdf),
}
at = {v: int(np.argmin(np.abs(z - v))) for v in (-3, 3)}
print("activation" + " " * 12 + "max f'" + "   f'(-3)" + "   f'(3)")
for name, (_, d) in curves.items():
    print(f"{name:<20}{d.max():>8.3f}{d[at[-3]]:>+9.3f}{d[at[3]]:>+8.3f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), facecolor="white")
for name, (f, d) in curves.items():
    left.plot(z, f, label=name)
    right.plot(z, d, label=name)
left.set(title="activation f(z)", xlabel="z", ylim=(-1.5, 3))
right.set(title="derivative f′(z)", xlabel="z", ylim=(-0.2, 1.2))
for ax in (left, right):
    ax.grid(True, alpha=0.3)
right.legend(fontsize=9)
fig.tight_layout()
plt.show()

# what the figure shows
sig_d, tanh_d = curves["sigmoid"][1], curves["tanh"][1]
assert abs(sig_d.max() - 0.25) < 1e-6, "sigmoid' peaks at 1/4"
assert abs(tanh_d.max() - 1) < 1e-6, "tanh' peaks at 1"
assert np.allclose(np.tanh(z), 2 / (1 + np.exp(-2 * z)) - 1), "tanh z = 2 sigma(2z) - 1"
assert abs(curves["GELU"][0].min() + 0.17) < 0.005, "GELU dips to about -0.17"
