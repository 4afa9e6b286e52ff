import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

SEED, SHIFT = 0, 2  # 8x8 digits placed at a random offset in a 10x10 canvas
BUDGETS, SEEDS, STEPS = (5, 20, 100), (0, 1, 2), 100
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


# "Pretraining": trunk + 5-way head on the source task, full-batch Adam.
trunk = make_trunk()
pretrained = keras.Sequential([trunk, layers.Dense(5)])
fit = make_step(
    pretrained, [(keras.optimizers.Adam(0.01), pretrained.trainable_variables)]
)
loss = fit(x_src, y_src, tf.constant(100))
print(f"pretrained on digits 0-4: {len(source)} images, final loss {float(loss):.3f}")
trunk_weights = trunk.get_weights()

# One model and one compiled step per strategy, reused for every run.
STRATEGIES = ("scratch", "frozen", "fine-tune")
setups = {}
for s in STRATEGIES:
    t, head = make_trunk(), layers.Dense(5)  # a new head for the new classes
    model = keras.Sequential([t, head])
    if s == "scratch":
        groups = [(keras.optimizers.Adam(0.01), model.trainable_variables)]
    if s == "frozen":
        t.trainable = False  # feature extraction: only the head learns
        groups = [(keras.optimizers.Adam(0.01), head.trainable_variables)]
    if s == "fine-tune":  # all layers; the trunk with a 10x smaller lr
        groups = [
            (keras.optimizers.Adam(0.001), t.trainable_variables),
            (keras.optimizers.Adam(0.01), head.trainable_variables),
        ]
    setups[s] = (model, t, head, groups, make_step(model, groups))


def run(strategy, n, seed):
    model, t, head, groups, step = setups[strategy]
    r = np.random.default_rng(seed)
    keras.utils.set_random_seed(seed)
    idx = np.concatenate([r.choice(pool[c], n, replace=False) for c in range(5, 10)])
    x, y = place(images[idx], r), labels[idx] - 5
    fresh = keras.Sequential([make_trunk(), layers.Dense(5)])
    model.set_weights(fresh.get_weights())  # fresh initialization
    if strategy != "scratch":
        t.set_weights(trunk_weights)  # load the pretrained trunk
    for opt, _ in groups:  # a fresh Adam: zero its step count and moments
        for v in opt.variables:
            if "learning_rate" not in v.path:
                v.assign(keras.ops.zeros_like(v))
    step(x, y, tf.constant(STEPS))
    pred = keras.ops.convert_to_numpy(model(x_test)).argmax(1)
    return np.mean(pred == y_test)


print(f"test accuracy on digits 5-9 ({len(test)} images), mean of {len(SEEDS)} seeds")
print("labels/class  " + "  ".join(f"{s:>9}" for s in STRATEGIES))
acc = {}
for n in BUDGETS:
    for s in STRATEGIES:
        acc[s, n] = np.mean([run(s, n, seed) for seed in SEEDS])
    print(f"{n:12d}  " + "  ".join(f"{acc[s, n]:9.3f}" for s in STRATEGIES))

lo, hi = BUDGETS[0], BUDGETS[-1]
assert acc["fine-tune", lo] > acc["scratch", lo] + 0.02, "transfer helps with 5 labels"
assert acc["frozen", lo] > acc["scratch", lo], "even frozen features help at 5 labels"
assert acc["frozen", hi] < acc["scratch", hi] - 0.1, "frozen features cap accuracy"
gap = {n: acc["fine-tune", n] - acc["scratch", n] for n in BUDGETS}
assert gap[hi] < gap[lo] - 0.02, "the advantage of fine-tuning shrinks with more labels"
assert acc["fine-tune", hi] < acc["scratch", hi], "with 100 labels scratch catches up"
