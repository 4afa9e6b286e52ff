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


def input_grad(x, y):
    x = x.clone().requires_grad_(True)
    return torch.autograd.grad(loss_fn(x, y), x)[0]


def fgsm(x, y, eps):
    # one step of size eps along the sign of the gradient, then back into [0, 1]
    return (x + eps * input_grad(x, y).sign()).clamp(0, 1)


def pgd(x, y, eps, steps=20, noise=None):
    alpha = 2.5 * eps / steps
    x_adv = (x + noise * eps).clamp(0, 1)  # random start in the eps-ball
    for _ in range(steps):
        x_adv = x_adv + alpha * input_grad(x_adv, y).sign()
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps)  # project on the ball
        x_adv = x_adv.clamp(0, 1)  # stay a valid image
    return x_adv


def accuracy(x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).double().mean().item()


noise = torch.tensor(rng.uniform(-1, 1, X_te.shape))
eps_values = [0.0, 0.05, 0.1, 0.2, 0.3]
acc = np.array(
    [
        [
            accuracy(fgsm(X_te, y_te, e), y_te),
            accuracy(pgd(X_te, y_te, e, noise=noise), y_te),
        ]
        for e in eps_values
    ]
)
print(f"test images: {len(y_te)}, clean accuracy {acc[0, 0]:.3f}")
print("  eps   FGSM  PGD-20")
for e, (a_fgsm, a_pgd) in zip(eps_values, acc):
    print(f"{e:5.2f}  {a_fgsm:.3f}  {a_pgd:.3f}")
x_adv = pgd(X_te, y_te, 0.1, noise=noise)
print(f"largest pixel change at eps=0.1: {(x_adv - X_te).abs().max().item():.3f}")
result = acc

assert acc[0, 0] > 0.9, "the model is accurate on clean test images"
assert np.all(acc[:, 1] <= acc[:, 0]), "PGD is at least as strong as FGSM at every eps"
assert np.all(np.diff(acc[:, 1]) < 0), "accuracy under PGD falls as eps grows"
assert acc[2, 1] < 0.5, "eps=0.1 is enough to fool the model on most images"
assert acc[3, 1] < 0.05, "and almost every image at eps=0.2"
assert (x_adv - X_te).abs().max().item() <= 0.1 + 1e-12, "PGD stays in the eps-ball"
