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
assert base["val"][-1] > 2 * min(base["val"]), "unregularized: val loss climbs back up"
assert reg["val"][-1] < base["val"][-1], "regularized: lower final val loss"
