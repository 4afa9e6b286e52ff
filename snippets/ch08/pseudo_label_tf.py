import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:]

# softmax regression, zero init, full-batch gradient descent (stateless: one trace)
model = keras.Sequential(
    [keras.Input((64,)), keras.layers.Dense(10, kernel_initializer="zeros")]
)
opt = keras.optimizers.SGD(1.0)
opt.build(model.trainable_variables)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function(
    input_signature=[
        tf.TensorSpec([None, 64], tf.float64),
        tf.TensorSpec([None], tf.int64),
    ]
)
def step(x, t):
    with tf.GradientTape() as tape:
        loss = loss_fn(t, model(x))
    opt.apply_gradients(
        zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    )


def fit(x, t):
    for v in model.trainable_variables:
        v.assign(tf.zeros_like(v))
    for _ in range(100):
        step(x, t)


def proba(x):
    return keras.ops.softmax(model(x)).numpy()


taus = [0.0, 0.5, 0.9]
acc = {"labels only": []} | {tau: [] for tau in taus}
taken = {tau: [] for tau in taus}
correct = {tau: [] for tau in taus}
wrong, repeated = dict.fromkeys(taus, 0), dict.fromkeys(taus, 0)
for seed in range(5):  # five draws of 3 labels per class
    draw = np.random.default_rng(seed)
    lab = np.concatenate(
        [draw.choice(train[y[train] == c], 3, replace=False) for c in range(10)]
    )
    pool = np.setdiff1d(train, lab)  # 1170 images whose labels we do not use
    fit(X[lab], y[lab])  # the teacher
    acc["labels only"].append((proba(X[test]).argmax(1) == y[test]).mean())
    p = proba(X[pool])
    pseudo = p.argmax(1)
    for tau in taus:
        keep = p.max(1) >= tau  # confident enough to pseudo-label
        fit(
            np.concatenate([X[lab], X[pool][keep]]),  # the student
            np.concatenate([y[lab], pseudo[keep]]),
        )
        acc[tau].append((proba(X[test]).argmax(1) == y[test]).mean())
        taken[tau].append(keep.mean())
        correct[tau].append((pseudo[keep] == y[pool][keep]).mean())
        bad = keep & (pseudo != y[pool])  # wrong pseudo-labels
        wrong[tau] += int(bad.sum())
        repeated[tau] += int((proba(X[pool][bad]).argmax(1) == pseudo[bad]).sum())

base = float(np.mean(acc["labels only"]))
print(f"30 labels only: test accuracy {base:.3f}")
for tau in taus:
    print(
        f"threshold {tau:.1f}: pseudo-labels {np.mean(taken[tau]):.0%} of the pool, "
        f"{np.mean(correct[tau]):.1%} correct; test accuracy {np.mean(acc[tau]):.3f}; "
        f"wrong ones repeated {repeated[tau]}/{wrong[tau]}"
    )
result = np.array([base] + [np.mean(acc[tau]) for tau in taus])

assert result[2] > base + 0.02, "a moderate threshold helps"
assert abs(result[3] - base) < 0.01, "a high threshold adds only easy images: no gain"
assert np.mean(correct[0.9]) > np.mean(correct[0.0]) + 0.1, (
    "confident labels are cleaner"
)
assert repeated[0.0] > 0.6 * wrong[0.0], (
    "the student learns most of the teacher's mistakes"
)
