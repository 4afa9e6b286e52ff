import itertools

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
N_TRAIN, N_VAL = 200, 600  # the rest (997 images) is the test set
HIDDEN, EPOCHS, TRIALS = 128, 30, 9  # every method gets 9 * 30 = 270 epochs

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = (digits.data[order] / 16.0).astype("float32")
y = digits.target[order]
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]
x_test, y_test = x[N_TRAIN + N_VAL :], y[N_TRAIN + N_VAL :]
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def accuracy(model, x, y):
    return float(np.mean(model(x, training=False).numpy().argmax(1) == y))


# One model, one optimizer and one traced training step, reused by every trial:
# a new Keras model per trial would be traced again for a few dozen steps.
keras.utils.set_random_seed(SEED)
model = keras.Sequential(
    [keras.Input((64,)), layers.Dense(HIDDEN, activation="relu"), layers.Dense(10)]
)
initial = model.get_weights()  # every trial starts from these weights
optimizer = keras.optimizers.Adam()
optimizer.build(model.trainable_variables)
l2_strength = tf.Variable(0.0)
kernels = [layer.kernel for layer in model.layers]


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        loss = loss_fn(y_train, model(x_train, training=True))
        loss += l2_strength * tf.add_n([tf.reduce_sum(k**2) for k in kernels])
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))


def train(lr, l2, epochs):
    """Full-batch Adam from the same initialization; returns (val acc, weights)."""
    model.set_weights(initial)
    # A fresh Adam: zero its step count and moments, but keep the learning rate.
    for variable in optimizer.variables:
        if "learning_rate" not in variable.path:
            variable.assign(keras.ops.zeros_like(variable))
    optimizer.learning_rate = lr
    l2_strength.assign(l2)
    for _ in range(epochs):
        train_step()
    return accuracy(model, x_val, y_val), model.get_weights()


def show(config):
    return f"lr={config[0]:.2g}, l2={config[1]:.1g}"


def search(configs, epochs):
    """Train every config; return the best (val acc, config, weights)."""
    runs = [(*train(*c, epochs), c) for c in configs]
    acc, weights, config = max(runs, key=lambda r: r[0])  # first best on ties
    return acc, config, weights


# Grid: 3 x 3 points, log-spaced. Only 3 distinct learning rates get tried.
grid = list(itertools.product([1e-4, 10**-2.5, 1e-1], [1e-6, 1e-4, 1e-2]))
# Random: 9 points drawn log-uniformly, 9 distinct learning rates.
rand = [(10 ** rng.uniform(-4, -1), 10 ** rng.uniform(-6, -2)) for _ in range(TRIALS)]

winners = {}
for name, configs in (("grid", grid), ("random", rand)):
    acc, config, weights = search(configs, EPOCHS)
    winners[name] = weights
    lrs = len({c[0] for c in configs})
    print(
        f"{name}: {len(configs)} trials, {len(configs) * EPOCHS} epochs, {lrs} learning rates"
    )
    print(f"  best {show(config)}: val acc {acc:.3f}")

# Successive halving on the same 9 random configs: train all briefly,
# keep the best third, give the survivors 3x the epochs, repeat.
survivors, epochs, spent = rand, 10, 0
while True:
    runs = sorted([(*train(*c, epochs), c) for c in survivors], key=lambda r: -r[0])
    spent += len(survivors) * epochs
    print(
        f"halving: {len(survivors)} configs x {epochs} epochs, "
        f"best {show(runs[0][2])} val acc {runs[0][0]:.3f}"
    )
    if len(survivors) == 1:
        break
    survivors = [r[2] for r in runs[: len(survivors) // 3]]
    epochs *= 3
winners["halving"] = runs[0][1]
print(f"halving: {spent} epochs in total")

# The test set is touched once, after the search, to report the winners.
test = {}
for name, weights in winners.items():
    model.set_weights(weights)
    test[name] = accuracy(model, x_test, y_test)
print("test acc of the winners:", {k: round(v, 3) for k, v in test.items()})

assert len(grid) == len(rand) == TRIALS, "same number of trials"
assert spent == TRIALS * EPOCHS, "successive halving used the same budget"
assert test["random"] >= 0.8 and test["halving"] >= 0.8, "the winners generalize"
assert test["grid"] < test["random"] <= test["halving"], "random beats grid; halving"
