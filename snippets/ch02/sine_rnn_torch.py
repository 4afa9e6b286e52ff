import numpy as np
import torch
from torch import nn

SEED = 0
WINDOW, HIDDEN, EPOCHS, BATCH, LR = 20, 16, 10, 70, 1e-2
NOISE = 0.1

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# A noisy sine wave; each window of 20 values is used to predict the next one
t = np.arange(1000)
series = np.sin(0.1 * t) + NOISE * rng.standard_normal(len(t))
windows = np.lib.stride_tricks.sliding_window_view(series, WINDOW + 1)
x = torch.tensor(windows[:, :WINDOW, None], dtype=torch.float32)  # (N, 20, 1)
y = torch.tensor(windows[:, WINDOW], dtype=torch.float32)
split = 700  # first 700 windows train, the later part of the series tests
x_train, y_train, x_test, y_test = x[:split], y[:split], x[split:], y[split:]


class NextStep(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, HIDDEN, batch_first=True)  # tanh inside, the default
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        outputs, (h_last, c_last) = self.lstm(x)
        return self.head(h_last[-1]).squeeze(1)  # last hidden state -> next value


model = NextStep()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
mse = nn.MSELoss()
history = []
for _ in range(EPOCHS):
    losses = []
    for i in torch.split(torch.randperm(split), BATCH):
        loss = mse(model(x_train[i]), y_train[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    history.append(np.mean(losses))  # mean over the epoch, as Keras reports

with torch.no_grad():
    test_mse = mse(model(x_test), y_test).item()
last_value = mse(x_test[:, -1, 0], y_test).item()  # baseline: repeat the last value

print(
    "mean train MSE in epoch",
    *(f"{e + 1}: {history[e]:.4f}" for e in (0, 1, 3, EPOCHS - 1)),
)
print(f"test MSE: LSTM {test_mse:.4f}, last-value baseline {last_value:.4f}")
print(f"noise floor (noise variance): {NOISE**2:.4f}")

assert history[-1] < history[0] / 5, "the training loss falls at least fivefold"
assert test_mse < last_value, "the LSTM beats repeating the last value"
assert test_mse < 1.5 * NOISE**2, "and gets close to the noise floor"
