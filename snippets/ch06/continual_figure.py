import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.func import functional_call, jacrev, vmap
from torch.nn import functional as F

# Class-incremental digits, seed 0: train on 0-4 for 100 steps, then on 5-9 for 100,
# evaluating both tasks every 5 steps; the same setup as continual_torch.py.
N_TRAIN, HIDDEN, STEPS, LR, LAMBDA_EWC, PER_CLASS, EVERY = (
    1000,
    32,
    100,
    0.01,
    100.0,
    10,
    5,
)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
digits = load_digits()
order = np.random.default_rng(0).permutation(len(digits.target))
x, y = torch.tensor(digits.data[order] / 16.0), torch.tensor(digits.target[order])
x_train, y_train, x_test, y_test = x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]
a, b = y_train < 5, y_train >= 5


def accuracy(model):
    with torch.no_grad():
        hit = model(x_test).argmax(1) == y_test
    return hit[y_test < 5].double().mean().item(), hit[
        y_test >= 5
    ].double().mean().item()


def train(model, parts, penalty=None, curve=None):
    """parts: list of (x, y); the loss is the sum of their mean cross-entropies."""
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for step in range(STEPS):
        loss = sum(F.cross_entropy(model(xp), yp) for xp, yp in parts)
        loss = loss + (penalty(model) if penalty else 0.0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if curve is not None and (step + 1) % EVERY == 0:
            curve.append(accuracy(model))


net = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
first = []
train(net, [(x_train[a], y_train[a])], curve=first)
star = {k: v.detach().clone() for k, v in net.named_parameters()}
jac = vmap(
    jacrev(lambda p, xi: F.log_softmax(functional_call(net, p, (xi[None],)), -1)[0]),
    in_dims=(None, 0),
)(star, x_train[a][:100])
p = F.softmax(net(x_train[a][:100]), -1).detach()
fisher = {
    k: (p.view(*p.shape, *[1] * (j.dim() - 2)) * j**2).sum(1).mean(0)
    for k, j in jac.items()
}
buffer = torch.cat([torch.nonzero(y_train == c)[:PER_CLASS, 0] for c in range(5)])
task_b = (x_train[b], y_train[b])
methods = {
    "naive": ([task_b], None),
    "replay": ([task_b, (x_train[buffer], y_train[buffer])], None),
    "EWC": (
        [task_b],
        lambda m: (
            LAMBDA_EWC
            / 2
            * sum(
                (fisher[k] * (q - star[k]) ** 2).sum() for k, q in m.named_parameters()
            )
        ),
    ),
}
curves = {}
for name, (parts, penalty) in methods.items():
    model = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    model.load_state_dict(net.state_dict())
    second = []
    train(model, parts, penalty, curve=second)
    curves[name] = np.array(first + second)
    print(
        f"{name:7s} end of task B: accuracy on A {curves[name][-1, 0]:.2f}, "
        f"on B {curves[name][-1, 1]:.2f}"
    )

steps = np.arange(1, len(first) + len(second) + 1) * EVERY
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
for ax, task, title in zip(
    axes, [0, 1], ["task A (digits 0-4)", "task B (digits 5-9)"]
):
    for (name, curve), style in zip(curves.items(), ["-", "--", ":"]):
        ax.plot(steps, curve[:, task], style, label=name)
    ax.axvline(STEPS, color="gray", lw=0.8)
    ax.set(title=f"test accuracy on {title}", xlabel="training step")
axes[0].set_ylabel("accuracy")
axes[0].legend()
fig.tight_layout()
assert curves["naive"][-1, 0] < 0.05 and curves["replay"][-1, 0] > 0.85
plt.show()
