import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: one thread is fastest
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

# Digits as 64 pixels in [0, 1]; blank background = 0, so the black image is 0.
digits = load_digits()
X = digits.data / 16.0
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
# MLP 64 -> 32 -> 32 -> 10 (ReLU); initial weights from NumPy, shared with TF
model = torch.nn.Sequential(
    torch.nn.Linear(64, 32),
    torch.nn.ReLU(),
    torch.nn.Linear(32, 32),
    torch.nn.ReLU(),
    torch.nn.Linear(32, 10),
)
with torch.no_grad():
    for layer in model[::2]:
        n_in, n_out = layer.in_features, layer.out_features
        W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))  # He initialization
        layer.weight.copy_(torch.tensor(W.T))
        layer.bias.zero_()

# Full-batch SGD with momentum: deterministic, so both frameworks agree
xtr, ytr_t = torch.tensor(Xtr), torch.tensor(ytr)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for _step in range(300):
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(xtr), ytr_t).backward()
    opt.step()

# Four test digits, each explained for its true class
xte = torch.tensor(Xte)
pick = [0, 1, 2, 3]
x, c = xte[pick], torch.tensor(yte[pick])


def f_c(z):
    return model(z).gather(1, c[:, None])[:, 0]


def grad_of_logit(z):
    z = z.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f_c(z).sum(), z)
    return g


g = grad_of_logit(x)
grads = torch.stack([grad_of_logit(a * x) for a in torch.linspace(0, 1, 65)])
ig = x * (grads[:-1] + grads[1:]).sum(0) / (2 * 64)  # trapezoid rule
with torch.no_grad():
    gap = (ig.sum(1) - (f_c(x) - f_c(torch.zeros_like(x)))).abs().max().item()
    occ = torch.zeros(4, 4, 4)
    for i in range(4):
        for j in range(4):
            z = x.clone().view(-1, 8, 8)
            z[:, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = 0
            occ[:, i, j] = f_c(x) - f_c(z.view(-1, 64))
    # the sanity check: every layer re-drawn at random
    for layer in model[::2]:
        n_in, n_out = layer.in_features, layer.out_features
        W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        layer.weight.copy_(torch.tensor(W.T))
g_random = grad_of_logit(x)

columns = {
    "image": x,
    "saliency |grad|": g.abs(),
    "grad x input": g * x,
    "integrated gradients": ig,
    "occlusion 2x2": occ.repeat_interleave(2, 1).repeat_interleave(2, 2),
    "saliency, random net": g_random.abs(),
}
print("digits:", yte[pick].tolist())
print(f"IG completeness gap (64 steps): {gap:.2f}")
assert gap < 0.1, "IG with 64 steps sums to f(x) - f(0)"

fig, axes = plt.subplots(4, 6, figsize=(9, 6.4), facecolor="white")
for col, (title, maps) in enumerate(columns.items()):
    for row in range(4):
        m = maps[row].detach().numpy().reshape(8, 8)
        ax = axes[row, col]
        if col == 0:
            ax.imshow(m, cmap="gray_r", vmin=0, vmax=1)
            ax.set_ylabel(f"digit {yte[pick[row]]}")
        elif m.min() < 0:  # signed map: red adds to the class score, blue removes
            v = np.abs(m).max()
            ax.imshow(m, cmap="RdBu_r", vmin=-v, vmax=v)
        else:
            ax.imshow(m, cmap="Reds", vmin=0)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title(title, fontsize=9)
fig.suptitle("Attributions for the true class (red: raises the logit, blue: lowers it)")
fig.tight_layout()
plt.show()
