import keras
import numpy as np
from keras import layers

SEED = 0
WINDOW, HIDDEN, EPOCHS, BATCH, LR = 20, 16, 10, 70, 1e-2
NOISE = 0.1

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)

# A noisy sine wave; each window of 20 values is used to predict the next one
t = np.arange(1000)
series = np.sin(0.1 * t) + NOISE * rng.standard_normal(len(t))
windows = np.lib.stride_tricks.sliding_window_view(series, WINDOW + 1)
x = windows[:, :WINDOW, None].astype("float32")  # (N, 20, 1)
y = windows[:, WINDOW].astype("float32")
split = 700  # first 700 windows train, the later part of the series tests
x_train, y_train, x_test, y_test = x[:split], y[:split], x[split:], y[split:]


model = keras.Sequential(
    [
        keras.Input((WINDOW, 1)),
        layers.LSTM(HIDDEN),  # tanh inside, the default; returns the last hidden state
        layers.Dense(1),  # last hidden state -> next value
    ]
)
model.compile(optimizer=keras.optimizers.Adam(LR), loss="mse")
fit = model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
history = fit.history["loss"]

test_mse = float(np.mean((model.predict(x_test, verbose=0)[:, 0] - y_test) ** 2))
last_value = float(np.mean((x_test[:, -1, 0] - y_test) ** 2))  # repeat the last value

print(
    "mean train MSE in epoch",
    *(f"{e + 1}: {history[e]:.4f}" for e in (0, 1, 3, EPOCHS - 1)),
)
print(f"test MSE: LSTM {test_mse:.4f}, last-value baseline {last_value:.4f}")
print(f"noise floor (noise variance): {NOISE**2:.4f}")

assert history[-1] < history[0] / 5, "the training loss falls at least fivefold"
assert test_mse < last_value, "the LSTM beats repeating the last value"
assert test_mse < 1.5 * NOISE**2, "and gets close to the noise floor"
