import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

SEED = 3
PAD, CLS, SEP = 0, 1, 2  # special tokens; words are 4..99
ROWS, LEN = 12, 32
rng = np.random.default_rng(SEED)

# A batch of "[CLS] A [SEP] B [SEP] [PAD] ..." sequences of random lengths.
ids = rng.integers(4, 100, size=(ROWS, LEN))
len_a, len_b = rng.integers(5, 14, ROWS), rng.integers(5, 14, ROWS)
pos = np.arange(LEN)
ids[:, 0] = CLS
ids[pos == len_a[:, None] + 1] = SEP
ids[pos == (len_a + len_b)[:, None] + 2] = SEP
ids[pos > (len_a + len_b)[:, None] + 2] = PAD
special = np.isin(ids, [PAD, CLS, SEP])

# BERT's rule: 15% of the ordinary tokens; then 80% [MASK], 10% random, 10% kept.
selected = (rng.random(ids.shape) < 0.15) & ~special
u = rng.random(ids.shape)
# 0 special, 1 not selected, 2 [MASK], 3 random word, 4 selected but unchanged
kind = np.where(special, 0, 1)
kind[selected & (u < 0.8)] = 2
kind[selected & (u >= 0.8) & (u < 0.9)] = 3
kind[selected & (u >= 0.9)] = 4
counts = {
    name: int((kind == k).sum())
    for k, name in enumerate(
        ["special", "not selected", "[MASK]", "random", "unchanged"]
    )
}
print(counts)
print(f"selected: {selected.sum()} of {(~special).sum()} ordinary tokens")
assert not (selected & special).any(), "special tokens are never selected"

colors = ["#d9d9d9", "#ffffff", "#1f77b4", "#d62728", "#2ca02c"]
fig, ax = plt.subplots(figsize=(9, 3.8), facecolor="white")
ax.imshow(kind, cmap=ListedColormap(colors), vmin=0, vmax=4, aspect="auto")
ax.set_xticks(np.arange(-0.5, LEN), minor=True)
ax.set_yticks(np.arange(-0.5, ROWS), minor=True)
ax.grid(which="minor", color="#bbbbbb", linewidth=0.5)
ax.tick_params(which="minor", length=0)
ax.set(
    xlabel="position",
    ylabel="sequence",
    title="Masking decisions for one batch (loss only on coloured cells)",
)
handles = [
    plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#888888") for c in colors
]
labels = [
    "[CLS]/[SEP]/[PAD]",
    "not selected",
    "-> [MASK]",
    "-> random word",
    "unchanged (still predicted)",
]
ax.legend(
    handles,
    labels,
    loc="upper center",
    bbox_to_anchor=(0.5, -0.18),
    ncol=5,
    fontsize=8,
    frameon=False,
)
fig.tight_layout()
plt.show()
