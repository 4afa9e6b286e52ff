import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops
from sklearn.datasets import load_digits

SEEDS = range(2)
N_TRAIN, HIDDEN, STEPS, LR = 1000, 32, 100, 0.01
LAMBDA_L2, LAMBDA_EWC = 0.1, 100.0
PER_CLASS = 10  # replay buffer: 10 images of each old class, 50 in all

keras.backend.set_floatx("float64")
tf.config.threading.set_intra_op_parallelism_threads(1)  # small matrices
tf.config.threading.set_inter_op_parallelism_threads(1)
digits = load_digits()


def masked_logits(out, y, task_il):
    """task_il (task-incremental): the task is known, score only its classes."""
    same_task = (np.arange(10) // 5)[None, :] == ops.expand_dims(y // 5, 1)
    return ops.where(ops.logical_or(same_task, ops.logical_not(task_il)), out, -1e9)


net = keras.Sequential(
    [keras.Input((64,)), layers.Dense(HIDDEN, activation="relu"), layers.Dense(10)]
)
star = [keras.Variable(ops.zeros(v.shape)) for v in net.weights]  # theta* after A
fisher = [keras.Variable(ops.zeros(v.shape)) for v in net.weights]
optimizer = keras.optimizers.Adam(LR)
optimizer.build(net.trainable_variables)  # before tracing: a single trace


X, Y = tf.TensorSpec([None, 64], "float64"), tf.TensorSpec([None], "int64")
W, LAM, TASK_IL = (
    tf.TensorSpec(shape, dtype)
    for shape, dtype in [([None], "float64"), ([2], "float64"), ([], "bool")]
)


@tf.function(input_signature=[X, Y, W, LAM, TASK_IL])  # one trace for all settings
def train_steps(x, y, w, lam, task_il):
    """STEPS full-batch Adam steps on the loss sum_i w_i CE_i + penalty, penalty =
    lambda_l2 sum (theta - theta*)^2 + lambda_ewc / 2 sum F (theta - theta*)^2."""
    for _ in tf.range(STEPS):
        with tf.GradientTape() as tape:
            ce = keras.losses.sparse_categorical_crossentropy(
                y, masked_logits(net(x), y, task_il), from_logits=True
            )
            loss = ops.sum(w * ce)
            for v, s, f in zip(net.weights, star, fisher):
                d2 = ops.square(v - s)
                loss += lam[0] * ops.sum(d2) + lam[1] / 2 * ops.sum(f * d2)
        grads = tape.gradient(loss, net.trainable_variables)
        optimizer.apply_gradients(zip(grads, net.trainable_variables))


def fit(x, y, w, task_il, lam=(0.0, 0.0)):
    """STEPS full-batch Adam steps, from a fresh optimizer state."""
    for variable in optimizer.variables:
        if "learning_rate" not in variable.path:
            variable.assign(ops.zeros_like(variable))
    train_steps(x, y, w, np.array(lam, dtype="float64"), task_il)


@tf.function(input_signature=[X, Y, TASK_IL])
def fisher_diag(x, y, task_il):
    """Diagonal Fisher: E_x sum_c p(c|x) (d log p(c|x) / d theta)^2."""
    variables = [v.value for v in net.weights]
    with tf.GradientTape() as tape:
        log_p = tf.nn.log_softmax(masked_logits(net(x), y, task_il))
    jac = tape.jacobian(log_p, variables)  # each (n, 10, *shape)
    p = tf.exp(log_p)
    return [
        tf.reduce_mean(
            tf.reduce_sum(tf.reshape(p, (-1, 10, *[1] * (len(j.shape) - 2))) * j**2, 1),
            0,
        )
        for j in jac
    ]


def run(seed, task_il):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(digits.target))
    x, y = digits.data[order] / 16.0, digits.target[order]
    x_train, y_train, x_test, y_test = (
        x[:N_TRAIN],
        y[:N_TRAIN],
        x[N_TRAIN:],
        y[N_TRAIN:],
    )
    a, b = y_train < 5, y_train >= 5  # task A: digits 0-4, task B: digits 5-9

    def accuracy():
        out = masked_logits(net(x_test), y_test, task_il)
        hit = ops.convert_to_numpy(out).argmax(1) == y_test
        return [hit[y_test < 5].mean(), hit[y_test >= 5].mean()]

    def mean_weights(n):
        return np.full(n, 1.0 / n)

    keras.utils.set_random_seed(seed)
    fresh = keras.Sequential(
        [keras.Input((64,)), layers.Dense(HIDDEN, activation="relu"), layers.Dense(10)]
    ).get_weights()
    net.set_weights(fresh)
    for s, f in zip(star, fisher):
        s.assign(ops.zeros_like(s))
        f.assign(ops.zeros_like(f))
    fit(x_train[a], y_train[a], mean_weights(a.sum()), task_il)
    rows = {"after A": accuracy()}
    after_a = net.get_weights()
    fisher_a = fisher_diag(x_train[a][:100], y_train[a][:100], task_il)
    for s, f, v, fv in zip(star, fisher, after_a, fisher_a):
        s.assign(v)
        f.assign(fv)
    buffer = np.concatenate(
        [np.flatnonzero(y_train == c)[:PER_CLASS] for c in range(5)]
    )
    lams = {
        "naive": (0, 0),
        "replay": (0, 0),
        "L2": (LAMBDA_L2, 0),
        "EWC": (0, LAMBDA_EWC),
    }
    for method, lam in lams.items():
        net.set_weights(after_a)
        xb, yb, wb = x_train[b], y_train[b], mean_weights(b.sum())
        if method == "replay":  # loss = mean over B + mean over the buffer
            xb, yb = (
                np.concatenate([xb, x_train[buffer]]),
                np.concatenate([yb, y_train[buffer]]),
            )
            wb = np.concatenate([wb, mean_weights(len(buffer))])
        fit(xb, yb, wb, task_il, lam)
        rows[method] = accuracy()
    net.set_weights(fresh)  # upper bound: both tasks at once, from scratch
    fit(x_train, y_train, mean_weights(N_TRAIN), task_il)
    rows["joint"] = accuracy()
    return rows


result = {}
for scenario in ["class", "task"]:
    runs = [run(seed, scenario == "task") for seed in SEEDS]
    print(f"{scenario}-incremental, test accuracy on   task A (0-4)  task B (5-9)")
    for method in runs[0]:
        result[scenario, method] = np.mean([r[method] for r in runs], axis=0)
        acc_a, acc_b = result[scenario, method]
        print(f"  {method:8s}{acc_a:32.3f}{acc_b:14.3f}")

r = result
assert r["class", "naive"][0] < 0.05 and r["class", "naive"][1] > 0.9, "forgets A"
assert r["class", "replay"][0] > 0.85 and r["class", "replay"][1] > 0.85, (
    "replay keeps A"
)
assert r["class", "EWC"][0] < r["class", "replay"][0] - 0.1, "class-IL: EWC < replay"
assert r["task", "naive"][0] > 0.8, "task-IL: naive forgets much less"
assert r["task", "EWC"][0] > 0.95 and r["task", "EWC"][1] > 0.9, "task-IL: EWC works"
assert min(r["class", "joint"].min(), r["task", "joint"].min()) > 0.95, "joint"
