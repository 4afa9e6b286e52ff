import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, EPOCHS, BATCH, LR = 256, 30, 20, 1e-3

torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.images[order] / 16.0)  # (N, 8, 8), float64
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = torch.from_numpy(rng.random(N_TRAIN) < NOISE)
y_train = torch.where(noisy, torch.from_numpy(rng.integers(0, 10, N_TRAIN)), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def random_shift(images, max_shift=1):
    """Shift each image by up to max_shift pixels in each direction, zero fill."""
    n, h, w = images.shape
    padded = F.pad(images, (max_shift,) * 4)  # zeros around every image
    dy, dx = torch.randint(0, 2 * max_shift + 1, (2, n))
    rows = (dy[:, None] + torch.arange(h))[:, :, None]  # (n, h, 1)
    cols = (dx[:, None] + torch.arange(w))[:, None, :]  # (n, 1, w)
    return padded[torch.arange(n)[:, None, None], rows, cols]  # crop back to h x w


def make_mlp(dropout=0.0):
    torch.manual_seed(SEED)
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(64, HIDDEN),
        nn.ReLU(),
        nn.Dropout(dropout),  # between hidden layers; p=0 is the identity
        nn.Linear(HIDDEN, HIDDEN),
        nn.ReLU(),
        nn.Dropout(dropout),  # never after the output layer
        nn.Linear(HIDDEN, 10),
    )


@torch.no_grad()
def evaluate(model, x, y):
    model.eval()  # switches dropout off
    logits = model(x)
    acc = (logits.argmax(1) == y).double().mean().item()
    return F.cross_entropy(logits, y).item(), acc


results, models = {}, {}
print("variant        train loss  val loss  train acc  val acc    gap")
for name, dropout, augment in (
    ("none", 0.0, False),
    ("dropout 0.5", 0.5, False),
    ("augmentation", 0.0, True),
):
    model = make_mlp(dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    model.train()  # switches dropout on
    for _ in range(EPOCHS):
        for idx in torch.randperm(N_TRAIN).split(BATCH):
            inputs = random_shift(x_train[idx]) if augment else x_train[idx]
            loss = F.cross_entropy(model(inputs), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    tr_loss, tr_acc = evaluate(model, x_train, y_train)
    va_loss, va_acc = evaluate(model, x_val, y_val)
    results[name] = dict(tr_acc=tr_acc, va_acc=va_acc, gap=tr_acc - va_acc)
    models[name] = model
    print(
        f"{name:13s}  {tr_loss:10.3f}  {va_loss:8.3f}  {tr_acc:9.3f}  {va_acc:7.3f}"
        f"  {tr_acc - va_acc:6.3f}"
    )

# A shift moves pixels and adds zeros at the border: the ink is kept or cut off.
shifted = random_shift(x_train)
print("pixel sum kept by the shift:", round((shifted.sum() / x_train.sum()).item(), 3))
model = models["dropout 0.5"].eval()
with torch.no_grad():
    same = torch.equal(model(x_val[:5]), model(x_val[:5]))
print("inference deterministic:", same)

base = results.pop("none")
assert base["gap"] > 0.05, "without regularization, training accuracy runs ahead"
assert same, "dropout must be inactive in eval mode"
assert shifted.shape == x_train.shape, "a shift keeps the 8x8 shape"
for name, r in results.items():
    assert r["tr_acc"] < 0.85, f"{name}: the random training labels are not memorized"
    assert r["va_acc"] > base["va_acc"] + 0.03, f"{name}: above no regularization"
    assert r["gap"] < 0, f"{name}: validation accuracy above training accuracy"
