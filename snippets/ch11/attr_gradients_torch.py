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
xte = torch.tensor(Xte)
acc = (model(xte).argmax(1).numpy() == yte).mean()
print(f"test accuracy: {acc:.3f}")

x = xte[:100]  # the first 100 test images
c = torch.tensor(yte[:100])  # explain the true class


def grad_of_logit(z):
    z = z.clone().requires_grad_(True)
    f = model(z).gather(1, c[:, None]).sum()  # sum over images: one backward
    (g,) = torch.autograd.grad(f, z)
    return g


def f_c(z):
    return model(z).gather(1, c[:, None])[:, 0]


g = grad_of_logit(x)
saliency = g.abs()  # Simonyan et al. 2014
grad_x_input = g * x
# Where does saliency point? Share of its top-10 pixels that are blank in x
top = saliency.argsort(1, descending=True)[:, :10]
blank = (x.gather(1, top) == 0).double().mean().item()
print(f"saliency top-10 pixels that are blank: {blank:.2f}")
print(f"grad x input on blank pixels: {grad_x_input[x == 0].abs().max().item():.1f}")

# Integrated gradients, black baseline, trapezoid rule over m steps
baseline = torch.zeros_like(x)
target = f_c(x) - f_c(baseline)


def integrated_gradients(m):
    alphas = torch.linspace(0, 1, m + 1)
    grads = torch.stack([grad_of_logit(baseline + a * (x - baseline)) for a in alphas])
    avg = (grads[:-1] + grads[1:]).sum(0) / (2 * m)  # trapezoid average
    return (x - baseline) * avg


print("IG: max over 100 images of |sum(IG) - (f(x) - f(0))|")
print("steps  absolute  relative")
errors, rel = {}, {}
for m in [4, 16, 64, 256]:
    err = (integrated_gradients(m).sum(1) - target).abs()
    errors[m] = err.max().item()
    rel[m] = (err / target.abs()).max().item()
    print(f"{m:5d}  {errors[m]:8.4f}  {100 * rel[m]:7.2f}%")
gap = (grad_x_input.sum(1) - target).abs().max().item()
print(f"grad x input, same check: {gap:.2f}")
print(f"mean f(x) - f(0): {target.mean().item():.2f}")

result = {
    "saliency": saliency[:5].detach().numpy(),
    "ig64": integrated_gradients(64)[:5].detach().numpy(),
    "errors": np.array(list(errors.values())),
}
assert acc > 0.9, "the MLP classifies the digits"
assert blank > 0.3, "saliency also points at blank pixels"
assert grad_x_input[x == 0].abs().max() == 0, "grad x input is zero on blank pixels"
assert errors[256] < 0.05 * errors[4], "the completeness error shrinks with steps"
assert rel[256] < 0.001, "256 steps: completeness within 0.1% of f(x) - f(0)"
assert gap > 10 * errors[256], "grad x input is far from complete"
