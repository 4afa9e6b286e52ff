# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

SGD_LRS = {"too small": 1e-3, "about right": 0.1, "too large": 10.0}
ADAM_LRS = {"too small": 1e-5, "about right": 1e-3, "too large": 0.3}
sweep = {
    "SGD": {
        name: train(lambda p, lr=lr: torch.optim.SGD(p, lr=lr))
        for name, lr in SGD_LRS.items()
    },
    "Adam": {
        name: train(lambda p, lr=lr: torch.optim.Adam(p, lr=lr))
        for name, lr in ADAM_LRS.items()
    },
}

for opt, lrs in (("SGD", SGD_LRS), ("Adam", ADAM_LRS)):
    for name, r in sweep[opt].items():
        finite = np.isfinite(r["steps"])
        end = f"{r['train'][-1]:.4f}" if finite.all() else "NaN"
        print(
            f"{opt:4s} lr={lrs[name]:<7g} ({name:11s}) first-epoch loss "
            f"{r['train'][0]:.3g}, last-epoch loss {end}, val acc {r['acc']:.1%}"
        )

peak = {opt: np.nanmax(sweep[opt]["too large"]["steps"]) for opt in sweep}
peak_step = {
    opt: int(np.nanargmax(sweep[opt]["too large"]["steps"])) + 1 for opt in sweep
}
for opt in sweep:
    print(
        f"{opt}, too large: the loss peaks at {peak[opt]:.2g} in step {peak_step[opt]}"
    )

step = np.arange(1, EPOCHS * STEPS_PER_EPOCH + 1)
fig, axes = plt.subplots(2, 1, figsize=(9, 7), sharex=True, facecolor="white")
for ax, (opt, lrs) in zip(axes, (("SGD", SGD_LRS), ("Adam", ADAM_LRS))):
    for (name, r), color in zip(sweep[opt].items(), ("C0", "C1", "C3")):
        ax.semilogy(
            step,
            r["steps"],
            color=color,
            linewidth=1,
            zorder=3 if name == "too small" else 2,  # drawn over "too large"
            label=f"lr={lrs[name]:g} ({name})",
        )
    ax.axhline(np.log(10), color="gray", linestyle=":", label="ln 10 (uniform guess)")
    ax.set_ylim(5e-3, 1e3)  # a diverging loss leaves the chart at the top
    if peak[opt] > 1e3:
        ax.annotate(
            f"peak {peak[opt]:.0e} in step {peak_step[opt]}, off the chart",
            xy=(peak_step[opt], 1e3),
            xytext=(40, 50),
            color="C3",
            arrowprops={"arrowstyle": "->", "color": "C3"},
        )
    ax.set_ylabel("mini-batch loss (log scale)")
    ax.set_title(f"{opt}: the same MLP with three learning rates")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=9, loc="lower left")
axes[-1].set_xlabel("optimizer step")
fig.tight_layout()
plt.show()

for opt in ("SGD", "Adam"):
    small, right, large = sweep[opt].values()
    assert right["train"][-1] < 0.1 < small["train"][-1], f"{opt}: too small is slow"
    assert right["acc"] > 0.9 and small["acc"] < 0.3, f"{opt}: too small learns little"
    assert large["acc"] < 0.15, f"{opt}: too large ends at chance level"
    assert abs(large["train"][-1] - np.log(10)) < 0.1, f"{opt}: too large, loss ~ ln 10"
assert peak["SGD"] > 1e20 and peak_step["SGD"] < 10, (
    "SGD lr=10 diverges within 10 steps"
)
assert 10 < peak["Adam"] < 1e3, "Adam's loss jumps but stays bounded"
# The numbers quoted in the text below
sgd_small, sgd_right, sgd_large = sweep["SGD"].values()
adam_small, adam_right, adam_large = sweep["Adam"].values()
assert abs(sgd_small["train"][-1] - 2.27) < 0.005, "SGD, too small: 2.27"
assert abs(adam_small["train"][-1] - 2.24) < 0.005, "Adam, too small: 2.24"
assert all(0.145 <= r["acc"] < 0.185 for r in (sgd_small, adam_small)), "15-18%"
assert all(0.965 <= r["acc"] < 0.975 for r in (sgd_right, adam_right)), "both 97%"
assert abs(sgd_right["train"][-1] - 0.05) < 0.01, "SGD at 0.1 falls to about 0.05"
assert abs(adam_right["train"][-1] - 0.03) < 0.01, "Adam at 1e-3 to about 0.03"
assert abs(sgd_large["steps"][0] - 2.3) < 0.05, "2.3 in step 1"
assert 300 < sgd_large["steps"][3] < 800, "about 500 in step 4"
assert peak_step["SGD"] == 8 and 5e23 < peak["SGD"] < 9e23, "7e23 in step 8"
assert peak_step["Adam"] == 2 and 80 < peak["Adam"] < 130, "about 100 in step 2"
assert all(0.08 < r["acc"] < 0.12 for r in (sgd_large, adam_large)), "about 10%"
