import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # a tiny model: one thread is fastest
torch.set_default_dtype(torch.float64)
F = torch.nn.functional

digits = load_digits()
X_tr, X_te, y_tr, y_te = train_test_split(
    digits.data / 16.0,
    digits.target,
    test_size=0.3,
    random_state=0,
    stratify=digits.target,
)


def net(p, x):  # MLP 64 -> 128 -> 10, logits
    return torch.relu(x @ p[0] + p[1]) @ p[2] + p[3]


def fit(x, target, steps=250):
    # fresh NumPy-drawn weights, full-batch SGD; target: labels or probabilities
    p = [
        rng.normal(0, np.sqrt(2 / 64), (64, 128)),
        np.zeros(128),
        rng.normal(0, np.sqrt(1 / 128), (128, 10)),
        np.zeros(10),
    ]
    p = [torch.tensor(w, requires_grad=True) for w in p]
    opt = torch.optim.SGD(p, lr=0.1, momentum=0.9)
    for _ in range(steps):
        opt.zero_grad()
        F.cross_entropy(net(p, x), target).backward()
        opt.step()
    return p


# the victim, trained on data the attacker never sees
victim = fit(torch.tensor(X_tr), torch.tensor(y_tr))
x_te = torch.tensor(X_te)
with torch.no_grad():
    victim_pred = net(victim, x_te).argmax(1).numpy()
print(f"victim test accuracy: {np.mean(victim_pred == y_te):.3f}")

# the attacker: 2000 queries of uniform noise, no digit at all
queries = torch.tensor(rng.uniform(0, 1, (2000, 64)))
with torch.no_grad():
    probs = F.softmax(net(victim, queries), dim=1)  # what the API returns
result = {}
for answer, target in [("labels", probs.argmax(1)), ("probabilities", probs)]:
    copy = fit(queries, target)
    with torch.no_grad():
        copy_pred = net(copy, x_te).argmax(1).numpy()
    agree, acc = np.mean(copy_pred == victim_pred), np.mean(copy_pred == y_te)
    result[answer] = np.array([agree, acc])
    print(
        f"copy from {answer:13s}: agrees with victim {agree:.3f}, test accuracy {acc:.3f}"
    )

assert result["labels"][0] > 0.85, "labels alone give a usable copy"
assert result["probabilities"][0] > result["labels"][0] + 0.03, (
    "probabilities leak more"
)
assert result["probabilities"][0] > 0.95, "probabilities give an almost exact copy"
