# book: tolerance ±0.03
import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

keras.backend.set_floatx("float64")
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
pools = {"train": idx[:1200], "test": idx[1200:]}  # test tiles are unseen digits


def make_set(n, pool):
    # a 16x16 "image" = four 8x8 tiles (patches) holding four different digits;
    # the "text" asks for a slot j (0-3), the answer is the digit in that tile
    tiles, query, answer = np.zeros((n, 4, 64)), np.zeros(n, int), np.zeros(n, int)
    for i in range(n):
        digits = rng.choice(10, 4, replace=False)
        for s, d in enumerate(digits):
            tiles[i, s] = X[rng.choice(pool[y[pool] == d])]
        query[i] = rng.integers(4)
        answer[i] = digits[query[i]]
    return tiles, query, answer


train, test = make_set(3000, pools["train"]), make_set(1000, pools["test"])
D = 32


class Patches(
    keras.layers.Layer
):  # image side: one embedding per tile + slot embedding
    def __init__(self):
        super().__init__()
        self.h = keras.layers.Dense(64, activation="relu")
        self.e = keras.layers.Dense(D)
        self.pos = self.add_weight(
            shape=(4, D), initializer=keras.initializers.RandomNormal(stddev=0.1)
        )

    def call(self, tiles):
        return self.e(self.h(tiles)) + self.pos  # (batch, 4, D)


class CrossAttention(keras.Model):  # query from the text, keys/values from the image
    def __init__(self):
        super().__init__()
        self.patches, self.word = Patches(), keras.layers.Embedding(4, D)
        self.wq, self.wk, self.wv = (keras.layers.Dense(D) for _ in range(3))
        self.out = keras.layers.Dense(10)

    def call(self, tiles, query):
        p = self.patches(tiles)
        q = self.wq(self.word(query))[:, None, :]  # (batch, 1, D)
        scores = q @ tf.transpose(self.wk(p), [0, 2, 1]) / D**0.5  # (batch, 1, 4)
        self.weights_ = tf.nn.softmax(scores)[:, 0]  # attention weights over the tiles
        return self.out(tf.reduce_sum(self.weights_[:, :, None] * self.wv(p), 1))


class ImageOnly(keras.Model):
    def __init__(self):
        super().__init__()
        self.patches, self.out = Patches(), keras.layers.Dense(10)

    def call(self, tiles, query):
        return self.out(tf.reshape(self.patches(tiles), (-1, 4 * D)))


class QueryOnly(keras.Model):
    def __init__(self):
        super().__init__()
        self.word, self.out = keras.layers.Embedding(4, D), keras.layers.Dense(10)

    def call(self, tiles, query):
        return self.out(self.word(query))


def fit(model, steps):
    model(test[0][:1], test[1][:1])  # build the weights
    opt = keras.optimizers.Adam(0.005)
    opt.build(model.trainable_variables)

    @tf.function
    def step(t, q, a):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(
                keras.losses.sparse_categorical_crossentropy(
                    a, model(t, q), from_logits=True
                )
            )
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))

    for _ in range(steps):
        b = rng.choice(3000, 128, replace=False)
        step(train[0][b], train[1][b], train[2][b])
    pred = model(test[0], test[1]).numpy().argmax(1)
    return float((pred == test[2]).mean())


acc = {}
for name, model, steps in [
    ("query only", QueryOnly(), 50),
    ("image only", ImageOnly(), 200),
    ("cross-attention", CrossAttention(), 250),
]:
    acc[name] = fit(model, steps)
    print(f"{name:15s} test accuracy {acc[name]:.2f}")

model(test[0][:1], test[1][:1])  # the first test example
w = model.weights_.numpy()[0]
model(test[0], test[1])
on_answer = model.weights_.numpy()[np.arange(1000), test[1]]
print(f"example: asks for slot {test[1][0]}, which holds a {test[2][0]}")
print("attention weights over slots 0-3:", np.round(w, 2))
print(f"mean weight on the asked tile over the test set: {on_answer.mean():.2f}")

assert acc["query only"] < 0.15, "the query alone: chance (0.1)"
assert acc["image only"] < 0.35, "the image alone: at best one of four digits"
assert acc["cross-attention"] > 0.85, "both modalities through cross-attention"
assert w.argmax() == test[1][0] and w.max() > 0.8, "attends to the right tile"
assert on_answer.mean() > 0.8, "and does so on most test examples"
