import numpy as np
import torch
from scipy.stats import rankdata
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

x = xte[:200]  # the first 200 test images
c = torch.tensor(yte[:200])  # explain the true class


def maps():
    z = x.clone().requires_grad_(True)
    f = model(z).gather(1, c[:, None]).sum()
    (g,) = torch.autograd.grad(f, z)
    return g.abs().numpy(), (g * x).abs().numpy()  # saliency, |grad x input|


def spearman(a, b):  # Pearson correlation of the ranks (ties share a rank)
    return np.corrcoef(rankdata(a), rankdata(b))[0, 1]


def mean_rank_corr(a, b, on_ink=False):
    ink = x.numpy() > 0
    pick = [ink[n] if on_ink else slice(None) for n in range(len(a))]
    return np.mean([spearman(a[n][pick[n]], b[n][pick[n]]) for n in range(len(a))])


sal0, gxi0 = maps()
# Model randomization test (Adebayo et al. 2018): re-draw the weights layer by
# layer from the top, with fresh He-initialized NumPy weights
print("rank correlation with the trained model's maps")
print("randomized   saliency  |grad x input|  same, inked pixels only")
corr = {}
for name, k in [("output", 4), ("+ hidden 2", 2), ("+ hidden 1", 0)]:
    n_in, n_out = model[k].in_features, model[k].out_features
    W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
    with torch.no_grad():
        model[k].weight.copy_(torch.tensor(W.T))
    sal, gxi = maps()
    corr[name] = [
        mean_rank_corr(sal, sal0),
        mean_rank_corr(gxi, gxi0),
        mean_rank_corr(gxi, gxi0, on_ink=True),
    ]
    print(
        f"{name:10s}  {corr[name][0]:9.2f}  {corr[name][1]:14.2f}  {corr[name][2]:9.2f}"
    )
# What |grad x input| keeps after full randomization: the image itself
ink = mean_rank_corr(x.numpy(), gxi0)
print(f"trained |grad x input| vs the image itself: {ink:.2f}")

result = {"corr": np.array(list(corr.values()))}
assert acc > 0.9, "the MLP classifies the digits"
assert corr["+ hidden 1"][0] < 0.3, "saliency of a random network differs"
assert corr["+ hidden 1"][1] > 0.7, (
    "|grad x input| of a random network keeps the digit's shape"
)
assert corr["+ hidden 1"][2] < 0.5, "on the inked pixels, much of it changes"
