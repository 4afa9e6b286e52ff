# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import math

import matplotlib.pyplot as plt
from torch.optim import lr_scheduler

LR0, TOTAL, WARMUP = 0.1, 100, 10


def lr_history(make_scheduler):
    """The lr that each of TOTAL optimizer steps uses, read from a real scheduler."""
    w = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=LR0)
    scheduler = make_scheduler(optimizer)
    history = []
    for _ in range(TOTAL):
        history.append(optimizer.param_groups[0]["lr"])
        optimizer.step()  # a real training step would compute gradients first
        scheduler.step()
    return np.array(history)


def warmup_cosine(optimizer):
    warmup = lr_scheduler.LinearLR(  # factor (t + 1) / WARMUP for t = 0 .. WARMUP - 1
        optimizer, start_factor=1 / WARMUP, end_factor=1.0, total_iters=WARMUP - 1
    )
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=TOTAL - WARMUP)
    return lr_scheduler.SequentialLR(optimizer, [warmup, cosine], milestones=[WARMUP])


schedules = {
    "StepLR(step_size=30, gamma=0.1)": lambda o: lr_scheduler.StepLR(o, 30, gamma=0.1),
    "ExponentialLR(gamma=0.96)": lambda o: lr_scheduler.ExponentialLR(o, gamma=0.96),
    f"warm-up {WARMUP} + CosineAnnealingLR": warmup_cosine,
}
history = {label: lr_history(make) for label, make in schedules.items()}

t = np.arange(TOTAL)
closed_form = {  # the formulas in the text above
    "StepLR(step_size=30, gamma=0.1)": LR0 * 0.1 ** (t // 30),
    "ExponentialLR(gamma=0.96)": LR0 * 0.96**t,
    f"warm-up {WARMUP} + CosineAnnealingLR": np.where(
        t < WARMUP,
        LR0 * (t + 1) / WARMUP,
        0.5 * LR0 * (1 + np.cos(math.pi * (t - WARMUP) / (TOTAL - WARMUP))),
    ),
}
shown = [0, 5, 9, 10, 29, 30, 55, 60, 99]
print("step " + "".join(f"{s:>9d}" for s in shown))
for label, lrs in history.items():
    print(f"{label}\n     " + "".join(f"{lrs[s]:9.5f}" for s in shown))
    gap = np.abs(lrs - closed_form[label]).max()
    print(f"     max |scheduler - formula| = {gap:.1e}")
    assert gap < 1e-16, f"{label} follows its formula to rounding error"

warm = history[f"warm-up {WARMUP} + CosineAnnealingLR"]
assert np.allclose(warm[[0, 9, 10]], [LR0 / WARMUP, LR0, LR0]), "warm-up: 0.01 to 0.1"
assert np.isclose(warm[55], LR0 / 2) and 2e-5 < warm[99] < 4e-5, "cosine: 0.05, 3e-5"
assert abs(history["ExponentialLR(gamma=0.96)"][-1] - 0.0018) < 1e-4, "down to 0.0018"

fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
for label, lrs in history.items():
    ax.plot(t, lrs, label=label)
ax.set_xlabel("optimizer step")
ax.set_ylabel("learning rate")
ax.set_title(f"Three PyTorch schedules, base lr {LR0}, {TOTAL} steps")
ax.grid(True, alpha=0.3)
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()
