import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

SEED, SHIFT = 0, 2  # 8x8 digits placed at a random offset in a 10x10 canvas
BUDGETS, SEEDS, STEPS = (5, 20), (0, 1, 2), 100
keras.backend.set_floatx("float64")
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
images, labels = digits.images / 16.0, digits.target
SIDE = 8 + SHIFT


def place(ims, r):
    """Put each 8x8 image at a random offset in a SIDE x SIDE canvas, flattened."""
    out = np.zeros((len(ims), SIDE, SIDE))
    for i, (a, b) in enumerate(r.integers(0, SHIFT + 1, (len(ims), 2))):
        out[i, a : a + 8, b : b + 8] = ims[i]
    return out.reshape(len(ims), -1)


# Source task: digits 0-4 (every image twice, at two random offsets).
source = np.tile(np.flatnonzero(labels < 5), 2)
x_src, y_src = place(images[source], rng), labels[source]
# Target task: digits 5-9; 70 test images per class, the rest is the labelled pool.
test, pool = [], {}
for c in range(5, 10):
    idx = rng.permutation(np.flatnonzero(labels == c))
    test += list(idx[:70])
    pool[c] = idx[70:]
x_test, y_test = place(images[test], rng), labels[test] - 5


def make_trunk():
    return keras.Sequential(
        [
            keras.Input((SIDE * SIDE,)),
            layers.Dense(128, activation="relu"),
            layers.Dense(64, activation="relu"),
        ]
    )


SIGNATURE = [
    tf.TensorSpec([None, SIDE * SIDE], tf.float64),
    tf.TensorSpec([None], tf.int64),
    tf.TensorSpec([], tf.int32),
]
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def make_step(model, groups):
    """groups: (optimizer, variables) pairs, one learning rate each."""
    variables = [v for _, vs in groups for v in vs]

    @tf.function(input_signature=SIGNATURE)
    def fit(x, y, steps):  # the whole loop runs as one graph
        loss = tf.constant(0.0, tf.float64)
        for _ in tf.range(steps):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, variables)
            start = 0
            for opt, vs in groups:
                opt.apply_gradients(zip(grads[start : start + len(vs)], vs))
                start += len(vs)
        return loss

    return fit


# Two pretrained trunks: one on the digits 0-4, one on the same images with their
# pixels shuffled by one fixed permutation (a source whose features do not fit).
shuffle = np.random.default_rng(1).permutation(SIDE * SIDE)
trunks = {}
for source_name, x_source in (("digits", x_src), ("shuffled", x_src[:, shuffle])):
    trunk = make_trunk()
    pretrained = keras.Sequential([trunk, layers.Dense(5)])
    opt = keras.optimizers.Adam(0.01)
    fit = make_step(pretrained, [(opt, pretrained.trainable_variables)])
    loss = fit(x_source, y_src, tf.constant(100))
    print(f"pretrained on {source_name} 0-4: final loss {float(loss):.3f}")
    trunks[source_name] = trunk.get_weights()

# One model and one compiled step, reused for every run: fine-tuning with the trunk
# at a 10x smaller lr, or, from scratch, at the head's lr.
STRATEGIES = ("scratch", "digits", "shuffled")
t, head = make_trunk(), layers.Dense(5)  # a new head for the new classes
model = keras.Sequential([t, head])
trunk_opt = keras.optimizers.Adam(0.001)
groups = [
    (trunk_opt, t.trainable_variables),
    (keras.optimizers.Adam(0.01), head.trainable_variables),
]
step = make_step(model, groups)


def run(strategy, n, seed):
    r = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    idx = np.concatenate([r.choice(pool[c], n, replace=False) for c in range(5, 10)])
    x, y = place(images[idx], r), labels[idx] - 5
    fresh = keras.Sequential([make_trunk(), layers.Dense(5)])
    model.set_weights(fresh.get_weights())  # fresh initialization
    if strategy != "scratch":
        t.set_weights(trunks[strategy])  # load a pretrained trunk
    trunk_opt.learning_rate = 0.01 if strategy == "scratch" else 0.001
    for opt, _ in groups:  # a fresh Adam: zero its step count and moments
        for v in opt.variables:
            if "learning_rate" not in v.path:
                v.assign(keras.ops.zeros_like(v))
    step(x, y, tf.constant(STEPS))
    pred = keras.ops.convert_to_numpy(model(x_test)).argmax(1)
    return np.mean(pred == y_test)


print(f"test accuracy on digits 5-9, mean of {len(SEEDS)} seeds; fine-tuned from:")
print("labels/class  " + "  ".join(f"{s:>9}" for s in STRATEGIES))
acc = {}
for n in BUDGETS:
    for s in STRATEGIES:
        acc[s, n] = np.mean([run(s, n, seed) for seed in SEEDS])
    print(f"{n:12d}  " + "  ".join(f"{acc[s, n]:9.3f}" for s in STRATEGIES))

for n in BUDGETS:
    assert acc["digits", n] > acc["scratch", n] - 0.01, "a related source does not hurt"
    assert acc["shuffled", n] < acc["scratch", n] - 0.015, "negative transfer"
