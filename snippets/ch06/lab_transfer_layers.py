# ruff: noqa: F821
# Run after transfer_compare_torch.py in the same kernel: it defines images, labels,
# pool, place, make_trunk, train, trunk_state, x_test, y_test, SEEDS and STEPS.
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

N = 20  # labelled images per class


def run_layers(k, frozen, seed):
    """Copy the first k Linear layers of the pretrained trunk; train the rest."""
    r = np.random.default_rng(seed)
    torch.manual_seed(seed)
    idx = np.concatenate([r.choice(pool[c], N, replace=False) for c in range(5, 10)])
    x, y = place(images[idx], r), torch.tensor(labels[idx] - 5)
    trunk, head = make_trunk(), nn.Linear(64, 5)
    copied = [trunk[0], trunk[2]][:k]  # trunk[0], trunk[2] are the Linear layers
    for layer, name in zip(copied, ("0", "2")):
        layer.load_state_dict(
            {p: trunk_state[f"{name}.{p}"] for p in ("weight", "bias")}
        )
        if frozen:
            layer.requires_grad_(False)
    copied_ids = {id(p) for layer in copied for p in layer.parameters()}
    rest = [p for p in trunk.parameters() if id(p) not in copied_ids]
    groups = [{"params": rest + list(head.parameters()), "lr": 0.01}]
    if copied and not frozen:  # copied layers fine-tune with a 10x smaller lr
        groups.append(
            {"params": [p for m in copied for p in m.parameters()], "lr": 0.001}
        )
    model = nn.Sequential(trunk, head)
    train(groups, model, x, y, STEPS)
    with torch.no_grad():
        return (model(x_test).argmax(1) == y_test).double().mean().item()


layer_acc = {}
for frozen in (True, False):
    for k in (0, 1, 2):
        if k == 0 and not frozen:
            continue  # k = 0 is training from scratch, the same in both rows
        layer_acc[k, frozen] = np.mean([run_layers(k, frozen, s) for s in SEEDS])
layer_acc[0, False] = layer_acc[0, True]
for k in (0, 1, 2):
    print(
        f"{k} layer(s) copied: frozen {layer_acc[k, True]:.3f}, "
        f"fine-tuned {layer_acc[k, False]:.3f}"
    )

fig, ax = plt.subplots(figsize=(6, 4), facecolor="white")
ks = np.arange(3)
ax.bar(ks - 0.2, [layer_acc[k, True] for k in ks], 0.4, label="copied layers frozen")
ax.bar(
    ks + 0.2, [layer_acc[k, False] for k in ks], 0.4, label="copied layers fine-tuned"
)
ax.set_xticks(ks, ["0 (scratch)", "1", "2 (whole trunk)"])
ax.set(xlabel="pretrained layers copied", ylabel="test accuracy, digits 5-9")
ax.set_ylim(0.4, 0.8)
ax.set_title(f"Transfer layer by layer, {N} labels per class")
ax.legend()
fig.tight_layout()
plt.show()

# What the text below says about these bars
assert layer_acc[2, True] < layer_acc[0, True] - 0.05, "frozen last layer hurts"
assert layer_acc[1, True] > layer_acc[2, True] + 0.05, "the first layer is general"
assert layer_acc[1, False] > layer_acc[0, True] + 0.01, (
    "fine-tuning 1 copied layer helps"
)
assert layer_acc[1, False] > layer_acc[2, False], "and beats copying both layers here"
assert abs(layer_acc[1, True] - layer_acc[0, True]) < 0.03, "1 frozen layer ~ scratch"
assert layer_acc[2, False] > layer_acc[0, True], "fine-tuning both: above scratch"
