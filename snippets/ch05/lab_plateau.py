# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

PLATEAU_EPOCHS, FACTOR, PATIENCE = 30, 0.5, 2
run = train(
    lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    epochs=PLATEAU_EPOCHS,
    make_plateau=lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
        o, mode="min", factor=FACTOR, patience=PATIENCE
    ),
)


def plateau_rule(val_losses, lr, factor=FACTOR, patience=PATIENCE, threshold=1e-4):
    """ReduceLROnPlateau's rule, written out: the lr used in each epoch."""
    best, bad, used = np.inf, 0, []
    for loss in val_losses:
        used.append(lr)
        if loss < best * (1 - threshold):  # a new best (relative threshold)
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience:  # more than `patience` epochs without a new best
            lr, bad = lr * factor, 0
    return np.array(used)


assert np.allclose(run["lr"], plateau_rule(run["val"], 0.1)), "the rule as written"
cuts = np.flatnonzero(np.diff(run["lr"]) < 0) + 1  # epochs (0-based) with a lower lr
best_epoch = int(np.argmin(run["val"]))
print(f"best validation loss {run['val'].min():.4f} in epoch {best_epoch + 1}")
print("lr lowered before epochs", [int(c) + 1 for c in cuts])
print("lr per epoch:", " ".join(f"{v:g}" for v in run["lr"][::5]), "(every 5th)")

epochs = np.arange(1, PLATEAU_EPOCHS + 1)
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(9, 5.5), sharex=True, facecolor="white"
)
top.plot(epochs, run["val"], marker="o", markersize=3, label="validation loss")
top.plot(epochs, run["train"], marker="o", markersize=3, label="training loss")
top.set_yscale("log")
top.set_ylabel("loss (log scale)")
top.set_title(
    f"SGD + momentum with ReduceLROnPlateau(factor={FACTOR}, patience={PATIENCE})"
)
bottom.step(epochs, run["lr"], where="mid", color="C2")
bottom.set_yscale("log")
bottom.set_ylabel("learning rate (log scale)")
bottom.set_xlabel("epoch")
for ax in (top, bottom):
    for c in cuts:
        ax.axvline(c + 0.5, color="gray", linestyle=":", linewidth=1)
    ax.grid(True, alpha=0.3)
top.legend(fontsize=9)
fig.tight_layout()
plt.show()

first_best = int(np.argmin(run["val"][: cuts[0]]))  # best epoch before the first cut
assert cuts[0] == first_best + PATIENCE + 2, "lowered after PATIENCE + 1 bad epochs"
assert np.all(np.diff(cuts) == PATIENCE + 1), "then every PATIENCE + 1 epochs"
assert run["lr"][0] == 0.1 and run["lr"][-1] < 0.1, "the lr only goes down"
# The numbers quoted in the text below
assert best_epoch + 1 == 6 and abs(run["val"].min() - 0.148) < 0.001, "0.148 in epoch 6"
assert [int(c) + 1 for c in cuts] == [10, 13, 16, 19, 22, 25, 28], "the cuts"
assert np.all(np.abs(run["val"][best_epoch:] - 0.15) < 0.015), "then near 0.15"
assert 5e-4 < run["train"][-1] < 2e-3, "the training loss falls to about 0.001"
assert np.isclose(run["lr"][-1], 0.1 * FACTOR**7), "down to 0.1 * 0.5^7 = 0.0008"
