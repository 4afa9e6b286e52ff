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

# What the text below says, with margin:
assert 1e-3 <= lrs[best] <= 4e-3, "the best learning rate is about 0.002"
assert 0.82 < scores[best] < 0.9, "with a validation accuracy of about 0.86"
outside = scores[(lrs < 1e-4) | (lrs > 0.1)]
assert outside.max() < 0.3, "too small or too large: all below 0.3"
assert np.mean(np.abs(outside - 0.1) < 0.06) > 0.5, "most near guessing (0.1)"
middle = scores[(lrs > 0.03) & (lrs < 0.07)]
assert len(middle) >= 3 and 0.67 < middle.min() and middle.max() < 0.79, (
    "between 0.03 and 0.07 the accuracy has fallen to about 0.7 to 0.76"
)
