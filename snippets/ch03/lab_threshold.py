# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

grid = np.linspace(0.01, 0.95, 95)
curves = [at_threshold(t) for t in grid]

fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
ax.plot(grid, [c["precision"] for c in curves], color="C0", label="precision")
ax.plot(grid, [c["tpr"] for c in curves], color="C1", label="recall")
ax.plot(grid, [c["f1"] for c in curves], color="C4", label="F1")
ax.plot(
    grid, [c["acc"] for c in curves], color="gray", linestyle="--", label="accuracy"
)
for (label, t), color in zip(THRESHOLDS.items(), ["C3", "C2"]):
    ax.axvline(t, color=color, linestyle=":", label=f"t = {label}")
ax.set_xlabel("decision threshold t (positive if p >= t)")
ax.set_ylabel("metric on the test set")
ax.set_title("Moving the threshold trades recall for precision")
ax.set_ylim(0, 1.02)
ax.grid(True, alpha=0.3)
ax.legend(loc="center right", fontsize=8)
fig.tight_layout()
plt.show()

acc = np.array([c["acc"] for c in curves])
print(f"accuracy over the grid: {acc.min():.3f} to {acc.max():.3f}")
print(f"accuracy of always answering 'negative': {1 - y_te.mean():.3f}")
assert acc.max() - (1 - y_te.mean()) < 0.05, "accuracy barely beats the majority"
