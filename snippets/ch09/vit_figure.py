import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

P = 2  # patch size
X, y = load_digits(return_X_y=True)
img = X[0].reshape(8, 8) / 16.0  # the first digit, a 0
n = (8 // P) ** 2
patches = img.reshape(8 // P, P, 8 // P, P).transpose(0, 2, 1, 3).reshape(n, P, P)
print(f"digit {y[0]}: {n} patches of {P}x{P} pixels, sequence length {n + 1}")
assert np.allclose(patches[5], img[2:4, 2:4]), "patch 5 is row 1, column 1"

fig = plt.figure(figsize=(9, 3.6), facecolor="white")
ax = fig.add_axes([0.02, 0.12, 0.3, 0.78])
ax.imshow(img, cmap="gray_r", vmin=0, vmax=1)
for k in range(1, 8 // P):  # the patch grid
    ax.axhline(k * P - 0.5, color="tab:red", linewidth=1.5)
    ax.axvline(k * P - 0.5, color="tab:red", linewidth=1.5)
for i in range(n):
    r, c = divmod(i, 8 // P)
    ax.text(
        c * P + 0.5,
        r * P + 0.5,
        str(i + 1),
        color="tab:blue",
        ha="center",
        va="center",
        fontsize=8,
        bbox=dict(facecolor="white", edgecolor="none", pad=1),
    )
ax.set(xticks=[], yticks=[], title=f"8x8 digit, {n} patches of {P}x{P}")

width = 0.6 / (n + 1)  # the token sequence: [CLS], then the patches row by row
for i in range(n + 1):
    a = fig.add_axes([0.37 + i * width, 0.45, width * 0.9, width * 0.9 * 9 / 3.6])
    if i == 0:
        a.imshow(np.full((P, P), 0.5), cmap="Oranges", vmin=0, vmax=1)
        a.text(0.5, 0.5, "CLS", ha="center", va="center", fontsize=6)
    else:
        a.imshow(patches[i - 1], cmap="gray_r", vmin=0, vmax=1)
    a.set_xticks([])
    a.set_yticks([])
    a.set_title(str(i), fontsize=7)
    a.text(
        (P - 1) / 2,
        P + 0.6,
        "+p" + str(i),
        ha="center",
        va="top",
        fontsize=6,
        color="tab:green",
    )
fig.text(
    0.37,
    0.85,
    "token sequence: [CLS] + flattened patches, each projected to D",
    fontsize=9,
)
fig.text(
    0.37,
    0.3,
    "green: learned position embedding added to each token",
    fontsize=9,
    color="tab:green",
)
plt.show()
