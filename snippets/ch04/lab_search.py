# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

TRIALS, EPOCHS = 24, 30
lrs = 10 ** rng.uniform(-5, 0, TRIALS)  # log-uniform between 1e-5 and 1
scores = np.array(
    [train(make_mlp(hidden=128), EPOCHS, lr=lr)["val_acc"][-1] for lr in lrs]
)
best = int(np.argmax(scores))
print(f"{TRIALS} trials; best lr {lrs[best]:.2g}: val acc {scores[best]:.3f}")


fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
ax.semilogx(lrs, scores, "o", label="one trial")
ax.semilogx(lrs[best], scores[best], "*", markersize=16, label="best trial")
ax.axhline(0.1, color="gray", linestyle=":", label="guessing (0.1)")
ax.set_xlabel("Adam learning rate (log scale)")
ax.set_ylabel(f"validation accuracy after {EPOCHS} epochs")
ax.set_title(f"Random search: {TRIALS} learning rates drawn log-uniformly")
ax.grid(True, alpha=0.3)
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

assert 1e-3 <= lrs[best] <= 1e-1, "the best learning rate lies between 1e-3 and 0.1"
assert scores[lrs < 1e-4].max() < scores[best] - 0.1, "too small: far from the best"
