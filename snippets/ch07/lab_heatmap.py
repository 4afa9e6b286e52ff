# ruff: noqa: F821
# Run after attn_pool_torch.py in the same kernel: it defines test_weights, y_test,
# keyword_pos and KEYWORD.
import matplotlib.pyplot as plt
import numpy as np

ROWS = 12
weights = test_weights[:ROWS]  # (ROWS, SEQ_LEN), each row sums to 1
labels = np.asarray(y_test[:ROWS]).astype(int)
positives = np.flatnonzero(keyword_pos[:ROWS] >= 0)

fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
image = ax.imshow(weights, cmap="viridis", vmin=0, vmax=1, aspect="auto")
ax.scatter(
    keyword_pos[positives],
    positives,
    s=160,
    facecolors="none",
    edgecolors="red",
    linewidths=2,
)
ax.set_xticks(range(weights.shape[1]))
ax.set_yticks(range(ROWS), [f"#{i}  label {y}" for i, y in enumerate(labels)])
ax.set_xlabel("position in the sequence")
ax.set_ylabel("test sequence")
ax.set_title(f"Attention-pooling weights (red circle: the keyword, token {KEYWORD})")
fig.colorbar(image, ax=ax, label="attention weight")
fig.tight_layout()
plt.show()
