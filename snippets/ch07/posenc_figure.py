import matplotlib.pyplot as plt
import numpy as np

MAX_LEN, D_MODEL = 64, 128

# PE[pos, 2i] = sin(pos * omega_i), PE[pos, 2i + 1] = cos(pos * omega_i)
omega = 10000.0 ** (-np.arange(0, D_MODEL, 2) / D_MODEL)
angles = np.arange(MAX_LEN)[:, None] * omega
pe = np.stack([np.sin(angles), np.cos(angles)], axis=-1).reshape(MAX_LEN, D_MODEL)
similarity = pe @ pe.T  # PE[p] . PE[q] = sum_i cos((p - q) * omega_i)

# What the figure shows: fast stripes on the left, slow ones on the right, and a
# similarity that depends only on p - q (constant along every diagonal).
offset = np.abs(np.subtract.outer(range(MAX_LEN), range(MAX_LEN)))
assert np.allclose(similarity, similarity[0][offset])
profile = similarity[0]  # PE[0] . PE[k], the value on the k-th diagonal
print(f"similarity of a position with itself: {profile[0]:.0f} (= d_model / 2)")
print(f"at offsets 5 and 60: {profile[5]:.1f} and {profile[60]:.1f}")
print("falls at every step of the offset:", bool(np.all(np.diff(profile) < 0)))

fig, (left, right) = plt.subplots(
    1, 2, figsize=(10, 4), gridspec_kw={"width_ratios": [1.6, 1]}, facecolor="white"
)
image = left.imshow(pe, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
left.set(title="PE[pos, j]", xlabel="dimension j", ylabel="position pos")
fig.colorbar(image, ax=left, fraction=0.05)
image = right.imshow(similarity, cmap="viridis")
right.set(title="PE[p] · PE[q]", xlabel="position q", ylabel="position p")
fig.colorbar(image, ax=right, fraction=0.05)
fig.tight_layout()
plt.show()
