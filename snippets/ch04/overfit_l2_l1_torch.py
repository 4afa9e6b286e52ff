import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600  # a small training set, a separate validation set
HIDDEN, EPOCHS, BATCH = 256, 40, 20
LR, MOMENTUM = 0.02, 0.9  # SGD with momentum: see the text for why not Adam
L2, L1 = 1e-2, 1e-3  # penalty strengths (lambda)

torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()  # 1797 8x8 images, bundled with scikit-learn
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.data[order] / 16.0)  # 64 pixels in [0, 1], float64
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = torch.from_numpy(rng.random(N_TRAIN) < NOISE)
y_train = torch.where(noisy, torch.from_numpy(rng.integers(0, 10, N_TRAIN)), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def make_mlp():
    """64 -> 256 -> 256 -> 10: about 85k weights for 200 training images."""
    torch.manual_seed(SEED)  # same initial weights for every variant
    return nn.Sequential(
        nn.Linear(64, HIDDEN),
        nn.ReLU(),
        nn.Linear(HIDDEN, HIDDEN),
        nn.ReLU(),
        nn.Linear(HIDDEN, 10),
    )


def penalty(model, kind):
    """Like Keras' kernel_regularizer: weight matrices only, no biases."""
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    if kind == "L2":
        return L2 * sum(w.pow(2).sum() for w in weights)
    if kind == "L1":
        return L1 * sum(w.abs().sum() for w in weights)
    return torch.zeros(())


@torch.no_grad()
def evaluate(model, x, y):
    """Cross-entropy without the penalty, and accuracy."""
    model.eval()
    logits = model(x)
    acc = (logits.argmax(1) == y).double().mean().item()
    return F.cross_entropy(logits, y).item(), acc


results = {}
print("variant    train loss  val loss  train acc  val acc    gap")
for kind, name in ((None, "none"), ("L2", f"L2 {L2:g}"), ("L1", f"L1 {L1:g}")):
    model = make_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    model.train()
    for _ in range(EPOCHS):
        for idx in torch.randperm(N_TRAIN).split(BATCH):  # shuffled minibatches
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss = loss + penalty(model, kind)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    tr_loss, tr_acc = evaluate(model, x_train, y_train)
    va_loss, va_acc = evaluate(model, x_val, y_val)
    w1 = model[0].weight.detach().abs()  # first-layer weights
    results[name] = dict(
        tr_loss=tr_loss,
        va_loss=va_loss,
        tr_acc=tr_acc,
        va_acc=va_acc,
        gap=tr_acc - va_acc,
        small=(w1 < 0.01).double().mean().item(),  # share of near-zero weights
        tiny=(w1 < 0.001).double().mean().item(),
        zero=(w1 == 0).sum().item(),
    )
    print(
        f"{name:9s}  {tr_loss:10.3f}  {va_loss:8.3f}  {tr_acc:9.3f}  {va_acc:7.3f}"
        f"  {tr_acc - va_acc:6.3f}"
    )
for name, r in results.items():
    print(
        f"{name:9s}  first-layer weights with |w| < 0.01: {r['small']:3.0%},"
        f" < 0.001: {r['tiny']:3.0%}"
    )

base, l2, l1 = results.values()
assert base["gap"] > 0.05, "without a penalty, training accuracy runs ahead"
for r in (l2, l1):
    assert r["tr_loss"] > base["tr_loss"] + 0.2, "a penalty raises the training loss"
    assert r["va_loss"] < base["va_loss"] - 0.03, "and lowers the validation loss"
    assert r["va_acc"] > base["va_acc"] + 0.05, "and raises validation accuracy"
    assert r["gap"] < min(0.05, base["gap"] - 0.1), "and closes the gap"
    assert r["tr_acc"] < 0.86, "the random training labels are no longer fitted"
    assert r["zero"] == 0, "gradient steps leave no weight exactly at 0"
assert l2["small"] > 2 * base["small"], "L2 shrinks many weights towards zero"
assert l1["small"] > 1.5 * l2["small"], "L1 even more"
assert l1["tiny"] > 5 * l2["tiny"], "and L1 pushes many all the way to about 0"
