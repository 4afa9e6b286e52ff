import numpy as np
import torch
from scipy.stats import spearmanr
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
xte = torch.tensor(Xte)
acc = (model(xte).argmax(1).numpy() == yte).mean()
print(f"test accuracy: {acc:.3f}")

x = xte[:100]  # the first 100 test images
c = torch.tensor(yte[:100])  # explain the true class


def f_c(z):
    return model(z).gather(1, c[:, None])[:, 0]


# Occlusion (Zeiler and Fergus 2014): black out each 2x2 patch, watch the logit drop
with torch.no_grad():
    fx = f_c(x)
    occlusion = torch.zeros(100, 4, 4)
    for i in range(4):
        for j in range(4):
            z = x.clone().view(-1, 8, 8)
            z[:, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = 0
            occlusion[:, i, j] = fx - f_c(z.view(-1, 64))


# Integrated gradients (black baseline, 64 trapezoid steps), summed per patch
def grad_of_logit(z):
    z = z.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f_c(z).sum(), z)
    return g


grads = torch.stack([grad_of_logit(a * x) for a in torch.linspace(0, 1, 65)])
ig = x * (grads[:-1] + grads[1:]).sum(0) / (2 * 64)  # trapezoid rule
ig_patch = ig.view(-1, 4, 2, 4, 2).sum((2, 4))

k = 0  # the first test image
print(f"image 0: digit {yte[k]}, logit {fx[k].item():.1f}")
print("logit drop when a 2x2 patch is blacked out:")
print(np.round(occlusion[k].numpy(), 1) + 0.0)  # + 0.0: no -0.0
print("integrated gradients summed over the same patches:")
print(np.round(ig_patch[k].detach().numpy(), 1) + 0.0)
occ, igp = occlusion.view(100, 16).numpy(), ig_patch.view(100, 16).detach().numpy()
blank = (x.view(-1, 4, 2, 4, 2).sum((2, 4)) == 0).view(100, 16).numpy()
print(
    f"blank patches: {blank.mean():.2f} of all; largest |drop| on them: "
    f"{np.abs(occ[blank]).max():.1f}"
)
# Rank agreement on the patches that hold ink, averaged over the 100 images
rho = np.mean([spearmanr(occ[n][~blank[n]], igp[n][~blank[n]])[0] for n in range(100)])
print(f"mean rank correlation on inked patches, occlusion vs IG: {rho:.2f}")

result = {"occlusion": occ, "ig_patch": igp}
assert acc > 0.9, "the MLP classifies the digits"
assert rho > 0.8, "occlusion and IG rank the patches alike"
assert np.abs(occ[blank]).max() == 0, "blacking out a blank patch changes nothing"
