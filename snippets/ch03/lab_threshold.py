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
f1 = np.array([c["f1"] for c in curves])
prec = np.array([c["precision"] for c in curves])
rec = np.array([c["tpr"] for c in curves])
in_02_03 = (grid >= 0.2) & (grid <= 0.3)
cross = grid[np.argmax(prec >= rec)]  # the first threshold where precision >= recall
assert round(f1.max(), 2) == 0.53 and in_02_03[f1.argmax()], "F1 peaks at about 0.53"
assert f1[in_02_03].min() > 0.5, "a broad maximum between 0.2 and 0.3"
assert 0.2 <= cross <= 0.3 and 0.2 <= T_BEST <= 0.3, "near the crossing, and 0.29"
assert 0.95 <= acc[grid >= 0.23].min() and acc.max() <= 0.96, "0.95 to 0.96 from 0.23"
assert acc.max() - (1 - y_te.mean()) < 0.01, "never a point above the majority rule"
assert rec[0] > 0.95 and prec[0] < 0.15, "t = 0.01: almost all found, precision ~0.1"
assert rec[-1] < 0.05 and prec[-1] == 1.0, "t = 0.95: almost none found, all correct"
