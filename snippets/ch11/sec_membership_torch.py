import numpy as np
import torch
from sklearn.datasets import load_digits

SEED = 0
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # a tiny model: one thread is fastest
torch.set_default_dtype(torch.float64)

digits = load_digits()
X, y = digits.data / 16.0, digits.target
perm = rng.permutation(len(X))
outside = perm[-600:]  # never trained on: the non-members
W1_0 = rng.normal(0, np.sqrt(2 / 64), (64, 128))  # same start for every model
W2_0 = rng.normal(0, np.sqrt(1 / 128), (128, 10))


def train(idx, l2, steps=300):
    W1, b1 = (
        torch.tensor(W1_0, requires_grad=True),
        torch.zeros(128, requires_grad=True),
    )
    W2, b2 = torch.tensor(W2_0, requires_grad=True), torch.zeros(10, requires_grad=True)
    x, t = torch.tensor(X[idx]), torch.tensor(y[idx])
    opt = torch.optim.SGD([W1, b1, W2, b2], lr=0.1, momentum=0.9)
    for _ in range(steps):  # full batch: deterministic
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch.relu(x @ W1 + b1) @ W2 + b2, t)
        (loss + l2 * ((W1**2).sum() + (W2**2).sum())).backward()
        opt.step()
    return lambda x: torch.relu(x @ W1 + b1) @ W2 + b2


def losses(f, idx):
    with torch.no_grad():
        logits = f(torch.tensor(X[idx]))
        t = torch.tensor(y[idx])
        loss = torch.nn.functional.cross_entropy(logits, t, reduction="none")
        return loss.numpy(), (logits.argmax(1) == t).double().mean().item()


def auc(s_in, s_out):
    # probability that a random member scores above a random non-member
    return (s_in[:, None] > s_out[None, :]).mean() + 0.5 * (
        s_in[:, None] == s_out[None, :]
    ).mean()


result = {}
print("model                  train acc  test acc  loss in / out    AUC  advantage")
for name, n, l2 in [
    ("100 members", 100, 0.0),
    ("100 members + L2", 100, 0.03),
    ("1000 members", 1000, 0.0),
]:
    f = train(perm[:n], l2)
    l_in, acc_in = losses(f, perm[:n])
    l_out, acc_out = losses(f, outside)
    a = auc(-l_in, -l_out)  # score: a low loss says "member"
    thr = l_in.mean()  # Yeom et al.: member if the loss is below the mean training loss
    adv = (l_in < thr).mean() - (l_out < thr).mean()  # true- minus false-positive rate
    result[name] = np.array([a, adv])
    print(
        f"{name:22s} {acc_in:9.3f} {acc_out:9.3f}  {l_in.mean():.3f} / {l_out.mean():.3f}  {a:5.2f}  {adv:9.2f}"
    )

a_small, a_l2, a_big = (result[k][0] for k in result)
assert a_small > 0.65, "the overfit model leaks membership"
assert a_l2 < a_small, "L2 lowers the attack AUC a little"
assert a_l2 > 0.6, "but L2 does not stop the attack"
assert a_big < a_l2 - 0.05, "more training data leaks much less"
