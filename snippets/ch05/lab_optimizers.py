# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

WD = 0.1  # AdamW's decoupled weight decay
optimizers = {
    "SGD, lr=0.05": lambda p: torch.optim.SGD(p, lr=0.05),
    "SGD + momentum 0.9, lr=0.05": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    "Adam, lr=1e-3": lambda p: torch.optim.Adam(p, lr=1e-3),
    f"AdamW, lr=1e-3, weight_decay={WD}": lambda p: torch.optim.AdamW(
        p, lr=1e-3, weight_decay=WD
    ),
}
runs = {label: train(make) for label, make in optimizers.items()}

print("optimizer                          train loss  val loss  val acc  ||w||")
for label, r in runs.items():
    print(
        f"{label:34s} {r['train'][-1]:10.4f} {r['val'][-1]:9.4f} "
        f"{r['acc']:8.1%} {r['weight_norm']:6.2f}"
    )

epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
for (label, r), style in zip(runs.items(), ["-", "-", "-", "--"]):
    ax.semilogy(epochs, r["train"], style, marker="o", markersize=3, label=label)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (mean over the epoch, log scale)")
ax.set_title("The same MLP on the digits, four optimizers")
ax.set_xticks(epochs[1::2])
ax.grid(True, which="both", alpha=0.3)
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

final = {label: r["train"][-1] for label, r in runs.items()}
sgd, mom, adam, adamw = final.values()
norm_adam, norm_adamw = (r["weight_norm"] for r in list(runs.values())[2:])
assert mom < sgd / 3 and adam < sgd / 3, "momentum and Adam end far below plain SGD"
assert norm_adamw < norm_adam, "AdamW's weight decay shrinks the weights"
assert all(r["acc"] > 0.9 for r in runs.values()), "every run reaches 90% accuracy"
