# ruff: noqa: F821
# Run after lab_training.py in the same kernel.
import matplotlib.pyplot as plt

BIG_LR = 10 * LR
big = train("relu", "he", lr=BIG_LR)
print(
    f"lr={BIG_LR:g}: loss(last 20 steps) {big['losses'][-20:].mean():.3f}, "
    f"test acc {big['acc']:.1%}"
)
fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
for r, label in ((runs["ReLU + He"], f"lr={LR:g}"), (big, f"lr={BIG_LR:g}")):
    steps, dead = zip(*r["dead"])
    ax.plot(steps, 100 * np.array(dead), marker="o", markersize=3, label=label)
    print(
        f"{label:8s} dead units: step 0 {dead[0]:.1%}, "
        f"peak {max(dead):.1%}, end {dead[-1]:.1%}"
    )
ax.set_xlabel("training step")
ax.set_ylabel("dead ReLU units (%)")
ax.set_title(f"ReLU + He: units that output 0 on all {len(x_train)} training images")
ax.grid(True, alpha=0.3)
ax.legend(title="SGD learning rate", fontsize=9)
fig.tight_layout()
plt.show()

# At lr=0.3 training is chaotic: how many units die, the loss and the accuracy vary
# from one CPU to another, so the checks only claim what holds on all of them
small = runs["ReLU + He"]
small_dead = np.array([d for _, d in small["dead"]])
big_dead = np.array([d for _, d in big["dead"]])
assert 0.03 < small_dead[0] < 0.05 and 0.03 < big_dead[0] < 0.05, "about 4% at step 0"
assert 0.07 < small_dead.max() < 0.13, "lr=0.03: peak about 10%"
assert small_dead[-1] < 0.05, "lr=0.03: ends below 5%"
assert small_dead.max() > 2 * small_dead[-1], "at lr=0.03 some dead units come back"
assert big_dead[-1] > max(0.15, 5 * small_dead[-1]), "big lr kills many more units"
assert big["losses"][-20:].mean() > 0.5, "big lr: the loss stays high"
assert big["acc"] < small["acc"], "big lr: worse test accuracy"
