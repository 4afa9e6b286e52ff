import keras
import numpy as np
from keras import layers

SEED = 0
VOCAB, TOKEN_A, TOKEN_B = 10, 8, 9  # tokens 0..7 are filler words
LENGTH, KERNEL = 24, 5
N_TRAIN, N_TEST = 1000, 1000
EPOCHS, BATCH, LR = 8, 100, 1e-2

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)


def make_corpus(n):
    """Filler tokens plus one A and one B; label 1 iff A comes before B."""
    x = rng.integers(0, TOKEN_A, size=(n, LENGTH))
    # Two distinct slots at least KERNEL - 1 tokens from either end: every window
    # position covers them alike, so where they sit says nothing about their order
    slots = np.arange(KERNEL - 1, LENGTH - KERNEL + 1)
    pos = slots[np.argsort(rng.random((n, len(slots))), axis=1)[:, :2]]
    x[np.arange(n), pos[:, 0]] = TOKEN_A
    x[np.arange(n), pos[:, 1]] = TOKEN_B
    y = (pos[:, 0] < pos[:, 1]).astype(np.float32)
    return x, y, np.abs(pos[:, 0] - pos[:, 1])


x_train, y_train, _ = make_corpus(N_TRAIN)
x_test, y_test, gap = make_corpus(N_TEST)


def conv_text():
    """Embedding -> Conv1D (sees KERNEL tokens) -> global max pooling."""
    return keras.Sequential(
        [
            keras.Input((LENGTH,), dtype="int32"),
            layers.Embedding(VOCAB, 16),
            layers.Conv1D(32, KERNEL, activation="relu"),  # (N, L - 4, 32)
            layers.GlobalMaxPooling1D(),
            layers.Dense(1),  # one logit
        ]
    )


def lstm_text():
    """Embedding -> LSTM, whose last hidden state has read the whole sequence."""
    return keras.Sequential(
        [
            keras.Input((LENGTH,), dtype="int32"),
            layers.Embedding(VOCAB, 16),
            layers.LSTM(32),
            layers.Dense(1),  # one logit
        ]
    )


def fit_and_score(model):
    model.compile(
        optimizer=keras.optimizers.Adam(LR),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH, verbose=0)
    logits = keras.ops.convert_to_numpy(model(x_test, training=False))[:, 0]
    right = (logits > 0) == (y_test == 1)
    near = gap < KERNEL  # A and B fit in one convolution window
    return right.mean(), right[near].mean(), right[~near].mean()


scores = {"Conv1D": fit_and_score(conv_text()), "LSTM": fit_and_score(lstm_text())}
near_share = np.mean(gap < KERNEL)
ceiling = near_share + (1 - near_share) / 2  # right when near, a coin flip otherwise

print(f"test pairs with A and B less than {KERNEL} apart: {near_share:.3f}")
print(f"{'model':<8}{'accuracy':>9}{'near pairs':>12}{'far pairs':>11}")
for name, (acc, near, far) in scores.items():
    print(f"{name:<8}{acc:>9.3f}{near:>12.3f}{far:>11.3f}")
print(f"best a {KERNEL}-token window plus max pooling can do: {ceiling:.3f}")

conv, lstm = scores["Conv1D"], scores["LSTM"]
assert conv[1] > 0.95 and abs(conv[2] - 0.5) < 0.1, "Conv1D: near pairs yes, far no"
assert conv[0] < ceiling + 0.03, "Conv1D stays at its ceiling"
assert lstm[0] > 0.95, "the LSTM reads the order"
