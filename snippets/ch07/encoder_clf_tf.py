import keras
import numpy as np
from keras import layers

SEED = 0
VOCAB, TOKEN_A, TOKEN_B = 10, 8, 9  # tokens 0..7 are filler
SEQ_LEN = 10
N_TRAIN, N_TEST = 1024, 512
D_MODEL, HEADS, D_FF = 64, 2, 128
EPOCHS, BATCH, LR = 4, 64, 3e-3

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)


def make_data(n):
    """Filler tokens plus one A and one B; label 1 iff A comes before B."""
    x = rng.integers(0, TOKEN_A, size=(n, SEQ_LEN))
    pos = rng.permuted(np.tile(np.arange(SEQ_LEN), (n, 1)), axis=1)[:, :2]
    rows = np.arange(n)
    x[rows, pos[:, 0]] = TOKEN_A
    x[rows, pos[:, 1]] = TOKEN_B
    y = (pos[:, 0] < pos[:, 1]).astype(np.float32)
    return x, y


x_train, y_train = make_data(N_TRAIN)
x_test, y_test = make_data(N_TEST)


# N(0, 1) initial embeddings as in PyTorch; Keras' default uniform(-0.05, 0.05)
# learns this task more slowly.
init = keras.initializers.RandomNormal(stddev=1.0)


class PositionEmbedding(layers.Layer):
    """Adds a learned vector to each position."""

    def build(self, input_shape):
        self.positions = self.add_weight(shape=input_shape[1:], initializer=init)

    def call(self, x):
        return x + self.positions


inputs = keras.Input((SEQ_LEN,), dtype="int32")
x = layers.Embedding(VOCAB, D_MODEL, embeddings_initializer=init)(inputs)
x = PositionEmbedding()(x)
# One post-LN encoder block: x = LayerNorm(x + MHA(x)); x = LayerNorm(x + FFN(x))
attention = layers.MultiHeadAttention(num_heads=HEADS, key_dim=D_MODEL // HEADS)
x = layers.LayerNormalization()(x + attention(x, x))
ffn = layers.Dense(D_MODEL)(layers.Dense(D_FF, activation="relu")(x))
x = layers.LayerNormalization()(x + ffn)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(LR), loss="binary_crossentropy")
model.optimizer.build(model.trainable_variables)  # fit() then traces once
history = model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
losses = [round(loss, 3) for loss in history.history["loss"]]
print("train loss per epoch:", losses)

# Swapping A and B keeps the bag of words and flips the label.
x_swapped = np.where(
    x_test == TOKEN_A, TOKEN_B, np.where(x_test == TOKEN_B, TOKEN_A, x_test)
)
pred = keras.ops.convert_to_numpy(model(x_test))[:, 0] > 0.5
pred_swapped = keras.ops.convert_to_numpy(model(x_swapped))[:, 0] > 0.5
accuracy = np.mean(pred == y_test.astype(bool))
flipped = np.mean(pred != pred_swapped)
print(f"test accuracy: {accuracy:.2f}")
print(f"prediction flips when A and B swap: {flipped:.2f}")

assert np.all(np.diff(losses) < 0), "the training loss falls every epoch"
assert losses[-1] < losses[0] / 5, "training loss must fall"
assert accuracy >= 0.9, "the encoder must learn the order task"
assert flipped >= 0.9, "the model must depend on order, not just on the tokens"
