import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, EPOCHS, BATCH, LR, MEMBERS = 256, 15, 20, 1e-3, 4

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = (digits.data[order] / 16.0).astype("float32")
y = digits.target[order]
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = rng.random(N_TRAIN) < NOISE
y_train = np.where(noisy, rng.integers(0, 10, N_TRAIN), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def build():
    return keras.Sequential(
        [
            keras.Input((64,)),
            layers.Dense(HIDDEN, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )


# One compiled model is reused for every member, so Keras traces its training step
# once; each member gets its own fresh initialization and a reset optimizer.
trainer = build()
trainer.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss="sparse_categorical_crossentropy",
    steps_per_execution=10,  # 10 steps per graph call: less Python overhead
)


def train_member(seed, idx):
    """One MLP, its own initialization (seed), trained on x_train[idx]."""
    keras.utils.set_random_seed(seed)
    trainer.set_weights(build().get_weights())
    # A fresh Adam: zero its step count and moments, but keep the learning rate.
    for variable in trainer.optimizer.variables:
        if "learning_rate" not in variable.path:
            variable.assign(keras.ops.zeros_like(variable))
    trainer.fit(x_train[idx], y_train[idx], batch_size=BATCH, epochs=EPOCHS, verbose=0)
    return keras.ops.convert_to_numpy(trainer(x_val, training=False))  # probabilities


def report(name, probs):
    """probs: (members, n_val, 10). Returns (mean member acc, soft acc, hard acc)."""
    member_acc = (probs.argmax(2) == y_val).mean(axis=1)
    soft = probs.mean(axis=0).argmax(1)  # average the probabilities
    votes = probs.argmax(2)  # each member's label
    hard = np.array([np.bincount(v, minlength=10).argmax() for v in votes.T])
    accs = member_acc.mean(), np.mean(soft == y_val), np.mean(hard == y_val)
    print(f"{name}: members {np.round(member_acc, 3).tolist()}")
    print(
        f"  mean member {accs[0]:.3f}, soft vote {accs[1]:.3f}, hard vote {accs[2]:.3f}"
    )
    return accs


everything = np.arange(N_TRAIN)
seeds = report(
    "different seeds",
    np.stack([train_member(SEED + k, everything) for k in range(MEMBERS)]),
)
boot = [rng.integers(0, N_TRAIN, N_TRAIN) for _ in range(MEMBERS)]  # with replacement
print(
    f"bootstrap samples hold {np.mean([len(set(b)) for b in boot]) / N_TRAIN:.0%} "
    "of the distinct training images"
)
bagging = report(
    "bagging", np.stack([train_member(SEED + k, boot[k]) for k in range(MEMBERS)])
)
assert abs(seeds[1] - seeds[0]) < 0.02, "same data: little gain from seeds alone"
assert bagging[1] > bagging[0] + 0.03, "bagging: soft vote beats its members"
assert bagging[1] >= bagging[2], "bagging: soft voting at least as good as hard"
