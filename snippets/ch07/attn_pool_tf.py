import keras
import numpy as np
from keras import layers, ops

SEED = 0
VOCAB, KEYWORD = 30, 1  # tokens 2..29 are filler
SEQ_LEN = 20
N_TRAIN, N_TEST = 1024, 512
EMBED, HIDDEN = 16, 32
EPOCHS, BATCH, LR = 3, 64, 1e-2

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)


def make_data(n):
    """Random filler; label 1 sequences get KEYWORD at one random position."""
    x = rng.integers(2, VOCAB, size=(n, SEQ_LEN))
    y = rng.integers(0, 2, size=n)
    pos = np.where(y == 1, rng.integers(0, SEQ_LEN, size=n), -1)  # -1: no keyword
    x[y == 1, pos[y == 1]] = KEYWORD
    return x, y.astype(np.float32), pos


x_train, y_train, _ = make_data(N_TRAIN)
x_test, y_test, keyword_pos = make_data(N_TEST)

inputs = keras.Input((SEQ_LEN,), dtype="int32")
x = layers.Embedding(VOCAB, EMBED)(inputs)
# Both directions: only the keyword's own position sees it from both sides.
h = layers.Bidirectional(layers.LSTM(HIDDEN // 2, return_sequences=True))(x)
scores = layers.Dense(1, use_bias=False)(layers.Dense(HIDDEN, activation="tanh")(h))
alpha = ops.softmax(scores, axis=1)  # (batch, time, 1), normalized over time
context = ops.sum(alpha * h, axis=1)  # sum_t alpha_t h_t
outputs = layers.Dense(1, activation="sigmoid")(context)
model = keras.Model(inputs, outputs)
# The same layers, also returning the attention weights.
inspect = keras.Model(inputs, [outputs, ops.squeeze(alpha, axis=-1)])

model.compile(optimizer=keras.optimizers.Adam(LR), loss="binary_crossentropy")
model.optimizer.build(model.trainable_variables)  # fit() then traces once
history = model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
losses = [round(loss, 3) for loss in history.history["loss"]]
print("train loss per epoch:", losses)

probs, test_weights = (ops.convert_to_numpy(t) for t in inspect(x_test))
probs = probs[:, 0]  # test_weights: (N_TEST, SEQ_LEN)
accuracy = np.mean((probs > 0.5) == y_test)
positive = keyword_pos >= 0
peak_hits = np.mean(test_weights[positive].argmax(axis=1) == keyword_pos[positive])
print(f"test accuracy: {accuracy:.2f}")
print(f"attention peaks at the keyword in {peak_hits:.2f} of positive sequences")
weight_on_keyword = test_weights[positive, keyword_pos[positive]].mean()
print(f"mean weight on the keyword position: {weight_on_keyword:.2f}")

assert np.allclose(test_weights.sum(axis=1), 1.0, atol=1e-5), "weights sum to 1"
assert accuracy >= 0.9, "the classifier must learn the keyword task"
assert peak_hits >= 0.8, "attention must peak at the keyword in most positives"
