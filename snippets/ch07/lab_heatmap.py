# ruff: noqa: F821
# Run after attn_pool_torch.py in the same kernel: it defines test_weights, y_test,
# keyword_pos and KEYWORD.
import matplotlib.pyplot as plt
import numpy as np

ROWS = 12
weights = test_weights[:ROWS]  # (ROWS, SEQ_LEN), each row sums to 1
labels = np.asarray(y_test[:ROWS]).astype(int)
positives = np.flatnonzero(keyword_pos[:ROWS] >= 0)
negatives = np.flatnonzero(keyword_pos[:ROWS] < 0)

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

# What the text below says about these rows
assert np.allclose(weights.sum(axis=1), 1.0, atol=1e-5), "each row sums to 1"
assert len(positives) > 0 and len(negatives) > 0, "both kinds of row are shown"
peaks = weights[positives].argmax(axis=1)
assert np.array_equal(peaks, keyword_pos[positives]), "positives peak on the keyword"
on_keyword = weights[positives, keyword_pos[positives]]
assert on_keyword.min() > 0.9, "positives: almost all the weight on the keyword"
assert weights[negatives].max() < 0.2, "negatives: no position stands out"
