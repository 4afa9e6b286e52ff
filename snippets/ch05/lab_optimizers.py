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
# The numbers quoted in the text below
val = [r["val"][-1] for r in runs.values()]
assert abs(sgd - 0.12) < 0.005 and abs(mom - 0.0026) < 2e-4, "SGD 0.12, momentum 0.0026"
assert abs(adam - 0.026) < 1e-3 and abs(adamw - 0.028) < 1e-3, "Adam 0.026, AdamW 0.028"
assert max(val) == val[1] and abs(val[1] - 0.23) < 0.005, "momentum: highest val loss"
assert abs(val[2] - 0.13) < 0.005, "Adam's validation loss is about 0.13"
assert all(0.945 < r["acc"] < 0.975 for r in runs.values()), "95-97% val accuracy"
assert abs(norm_adamw - 11.02) < 0.01 and abs(norm_adam - 11.27) < 0.01, "the norms"
assert 0.015 < 1 - norm_adamw / norm_adam < 0.03, "AdamW's weights end 2% smaller"
