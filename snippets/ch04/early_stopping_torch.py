import copy

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, MAX_EPOCHS, BATCH, LR, PATIENCE = 256, 100, 20, 1e-3, 5

torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.data[order] / 16.0)  # float64
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = torch.from_numpy(rng.random(N_TRAIN) < NOISE)
y_train = torch.where(noisy, torch.from_numpy(rng.integers(0, 10, N_TRAIN)), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]

model = nn.Sequential(
    nn.Linear(64, HIDDEN),
    nn.ReLU(),
    nn.Linear(HIDDEN, HIDDEN),
    nn.ReLU(),
    nn.Linear(HIDDEN, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

val_losses, best, best_state, wait = [], float("inf"), None, 0
for epoch in range(MAX_EPOCHS):
    model.train()
    for idx in torch.randperm(N_TRAIN).split(BATCH):
        loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_losses.append(F.cross_entropy(model(x_val), y_val).item())
    if val_losses[-1] < best:  # improvement: remember these weights
        best, best_epoch, wait = val_losses[-1], epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        wait += 1
        if wait >= PATIENCE:  # no improvement for PATIENCE epochs
            break
model.load_state_dict(best_state)  # restore the best weights

epochs_run = len(val_losses)
print(f"epochs run: {epochs_run} of {MAX_EPOCHS}")
print(f"best epoch: {best_epoch + 1}, val loss {val_losses[best_epoch]:.3f}")
print(f"last epoch: {epochs_run}, val loss {val_losses[-1]:.3f}")
with torch.no_grad():
    logits = model(x_val)
restored = F.cross_entropy(logits, y_val).item()
val_acc = (logits.argmax(1) == y_val).double().mean().item()
print(f"restored model: val loss {restored:.3f}, val acc {val_acc:.3f}")

assert epochs_run < MAX_EPOCHS, "training stopped early"
assert epochs_run == best_epoch + 1 + PATIENCE, (
    "it stops PATIENCE epochs after the best"
)
assert abs(restored - val_losses[best_epoch]) < 1e-6, "the best weights were restored"
assert val_losses[-1] > val_losses[best_epoch], (
    "validation loss rose after the best epoch"
)
assert val_acc > 0.85, "the restored model beats the overfitted one"
