# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

EPOCHS, L2 = 200, 1e-3
runs = {
    "no regularization": train(make_mlp(), EPOCHS),
    f"L2 {L2:g} + dropout 0.5": train(make_mlp(dropout=0.5), EPOCHS, l2=L2),
}
fig, axes = plt.subplots(1, 2, figsize=(9, 4.5), sharey=True, facecolor="white")
epoch = np.arange(1, EPOCHS + 1)
for ax, (name, h) in zip(axes, runs.items()):
    best = int(np.argmin(h["val"]))
    ax.semilogy(epoch, h["train"], label="training loss")
    ax.semilogy(epoch, h["val"], label="validation loss")
    ax.axvline(
        best + 1,
        color="gray",
        linestyle=":",
        label=f"lowest val loss (epoch {best + 1})",
    )
    ax.set_title(name)
    ax.set_xlabel("epoch (one full-batch step each)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    print(
        f"{name:22s} train {h['train'][-1]:.4f}  val: lowest {h['val'][best]:.3f} "
        f"(epoch {best + 1}), last {h['val'][-1]:.3f}  val acc {h['val_acc'][-1]:.3f}"
    )
axes[0].set_ylabel("cross-entropy (log scale)")
fig.suptitle("200 training images, 256-256 MLP")
fig.tight_layout()
plt.show()

base, reg = runs.values()
base_best, reg_best = int(np.argmin(base["val"])) + 1, int(np.argmin(reg["val"])) + 1
# What the text below says, with margin:
assert base["train"][-1] < 0.02, "unregularized: training loss falls to about 0.01"
assert 35 <= base_best <= 45, "lowest validation loss around epoch 40"
assert 0.55 < min(base["val"]) < 0.7, "at about 0.6"
assert 1.3 < base["val"][-1] < 1.7, "then the validation loss climbs to about 1.5"
assert 0.63 < base["val_acc"][-1] < 0.73, "final validation accuracy about 0.68"
assert 0.3 < reg["train"][-1] < 0.5, "regularized: training loss about 0.4"
assert 140 <= reg_best <= 165, "lowest validation loss around epoch 150"
assert 0.5 < min(reg["val"]) < 0.6, "at about 0.56"
assert reg["val"][-1] - min(reg["val"]) < 0.05, "barely rising afterwards"
assert 0.55 < reg["val"][-1] < 0.65, "and ending near 0.6"
assert 0.78 < reg["val_acc"][-1] < 0.86, "final validation accuracy about 0.82"
