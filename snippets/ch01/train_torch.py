import numpy as np
import torch
from torch import nn

SEED = 0
N_TRAIN, N_TEST, NOISE = 320, 200, 0.2
HIDDEN, EPOCHS, BATCH, LR = 32, 10, 32, 0.05

torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def two_moons(n, noise, rng):
    """Two interleaving half circles, half of the points each, plus Gaussian noise."""
    t = rng.uniform(0, np.pi, n)
    label = np.arange(n) % 2
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    x = np.where(label[:, None] == 0, upper, lower)
    x = x + noise * rng.standard_normal((n, 2))
    return x.astype(np.float32), label.astype(np.float32)[:, None]


x, y = map(torch.from_numpy, two_moons(N_TRAIN + N_TEST, NOISE, rng))
x_train, y_train, x_test, y_test = x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]

model = nn.Sequential(nn.Linear(2, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1))
loss_fn = nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, on logits
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

# The loop that Keras's fit() runs for you, written out
losses = []
for _epoch in range(EPOCHS):
    model.train()
    total = 0.0
    for idx in torch.randperm(N_TRAIN).split(BATCH):  # shuffle, then batches
        logits = model(x_train[idx])  # forward
        loss = loss_fn(logits, y_train[idx])  # loss
        optimizer.zero_grad()  # clear the gradients of the last step
        loss.backward()  # backward
        optimizer.step()  # update
        total += loss.item() * len(idx)
    losses.append(round(total / N_TRAIN, 3))
print("loop: loss per epoch:", losses)

model.eval()
with torch.no_grad():  # no graph needed for evaluation
    acc = ((model(x_test) > 0) == (y_test > 0.5)).float().mean().item()
print(f"loop: test accuracy {acc:.3f}")

assert losses[-1] < losses[0] / 2, "the loss must fall"
assert acc > 0.9, "the model must separate the two moons"
