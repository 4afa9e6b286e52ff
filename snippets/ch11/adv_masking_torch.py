import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # a tiny model: one thread is fastest
torch.set_default_dtype(torch.float64)

digits = load_digits()
X = digits.data / 16.0  # pixels in [0, 1]
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
X_tr, X_te = torch.tensor(X_tr), torch.tensor(X_te)
y_tr, y_te = torch.tensor(y_tr), torch.tensor(y_te)

# MLP 64 -> 64 -> 10, weights drawn by NumPy (the TensorFlow tab draws the same)
W1 = torch.tensor(rng.normal(0, np.sqrt(2 / 64), (64, 64)), requires_grad=True)
b1 = torch.zeros(64, requires_grad=True)
W2 = torch.tensor(rng.normal(0, np.sqrt(1 / 64), (64, 10)), requires_grad=True)
b2 = torch.zeros(10, requires_grad=True)
params = [W1, b1, W2, b2]


def model(x):
    return torch.relu(x @ W1 + b1) @ W2 + b2  # logits


def loss_fn(x, y):
    return torch.nn.functional.cross_entropy(model(x), y)


opt = torch.optim.SGD(params, lr=0.1, momentum=0.9)
for _ in range(400):  # full-batch training: deterministic
    opt.zero_grad()
    loss_fn(X_tr, y_tr).backward()
    opt.step()


def quantize(x):
    return torch.round(4 * x) / 4  # 5 grey levels; its gradient is 0 almost everywhere


def masked(x):
    return model(quantize(x))  # the "defended" model


def straight_through(x):
    # BPDA: quantize on the forward pass, identity on the backward pass
    return model(x + (quantize(x) - x).detach())


def pgd(f, x, y, eps, steps, noise):
    alpha = 2.5 * eps / steps
    x_adv = (x + noise * eps).clamp(0, 1)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(f(x_adv), y)
        g = torch.autograd.grad(loss, x_adv)[0]
        x_adv = x_adv.detach() + alpha * g.sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)
    return x_adv


def accuracy(f, x):
    with torch.no_grad():
        return (f(x).argmax(1) == y_te).double().mean().item()


eps, zero = 0.2, torch.zeros_like(X_te)
noise = torch.tensor(rng.uniform(-1, 1, X_te.shape))
x_grad = X_te.clone().requires_grad_(True)
loss = torch.nn.functional.cross_entropy(masked(x_grad), y_te)
grad_norm = torch.autograd.grad(loss, x_grad)[0].abs().sum().item()
x_fgsm = pgd(masked, X_te, y_te, eps, 1, zero)  # FGSM = one step of size eps, no start
attacks = {
    "no attack": accuracy(masked, X_te),
    "FGSM, own gradient": accuracy(masked, x_fgsm),
    "PGD-20, own gradient": accuracy(masked, pgd(masked, X_te, y_te, eps, 20, noise)),
    "PGD-20 transferred": accuracy(masked, pgd(model, X_te, y_te, eps, 20, noise)),
    "PGD-20 with BPDA": accuracy(
        masked, pgd(straight_through, X_te, y_te, eps, 20, noise)
    ),
}
print(f"input gradient of the quantized model, summed: {grad_norm}")
print(f"accuracy of the quantized model at eps={eps}:")
for name, a in attacks.items():
    print(f"  {name:21s} {a:.3f}")
result = np.array(list(attacks.values()))

assert grad_norm == 0, "rounding hides the gradient completely"
assert attacks["FGSM, own gradient"] == attacks["no attack"], "FGSM changes nothing"
assert attacks["PGD-20, own gradient"] > 0.8, "gradient attacks look powerless"
assert attacks["PGD-20 transferred"] < 0.3, "a transfer attack is not fooled"
assert attacks["PGD-20 with BPDA"] < 0.1, "neither is BPDA"
