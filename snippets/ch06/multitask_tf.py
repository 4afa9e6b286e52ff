import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops
from sklearn.datasets import load_digits

SEEDS = range(3)
N_TRAIN, N_LABELED = 1000, 50  # 1000 training images, only 50 carry a digit label
HIDDEN, STEPS, LR = 32, 100, 0.03

keras.backend.set_floatx("float64")
tf.config.threading.set_intra_op_parallelism_threads(1)  # small matrices
tf.config.threading.set_inter_op_parallelism_threads(1)
digits = load_digits()
# Digit loss: mean over the examples whose sample weight is 1 (the labelled ones).
digit_loss = keras.losses.SparseCategoricalCrossentropy(
    from_logits=True, reduction="mean_with_sample_weight"
)
aux_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def build(n_aux):
    """A shared trunk and two heads: a functional model with two named outputs."""
    inputs = keras.Input((64,))
    z = layers.Dense(HIDDEN, activation="relu")(inputs)  # shared by both tasks
    outputs = {
        "digit": layers.Dense(10, name="digit")(z),
        "aux": layers.Dense(n_aux, name="aux")(z),
    }
    return keras.Model(inputs, outputs)


log_var = keras.Variable(np.zeros(2), name="log_var")  # s_i, for "uncertainty" only


def make_trainer(net):
    """One compiled training loop per network; every run reloads fresh weights."""
    variables = [*net.trainable_variables, log_var]
    optimizer = keras.optimizers.Adam(LR)
    optimizer.build(variables)

    @tf.function
    def train(x, y_digit, labeled, y_aux, weight, uncertainty):
        for _ in tf.range(STEPS):  # full batch
            with tf.GradientTape() as tape:
                out = net(x)
                losses = ops.stack(
                    [
                        digit_loss(y_digit, out["digit"], labeled),
                        aux_loss(y_aux, out["aux"]),
                    ]
                )
                loss = ops.where(
                    uncertainty,
                    ops.sum(
                        ops.exp(-log_var) * losses + log_var
                    ),  # sum exp(-s_i)L_i + s_i
                    losses[0] + weight * losses[1],  # weight 0: digit alone
                )
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return losses

    return net, optimizer, train


trainers = {n_aux: make_trainer(build(n_aux)) for n_aux in (5, 10)}


def run(seed, aux, weight):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(digits.target))
    x, y = digits.data[order] / 16.0, digits.target[order]
    x_train, y_train, x_test, y_test = (
        x[:N_TRAIN],
        y[:N_TRAIN],
        x[N_TRAIN:],
        y[N_TRAIN:],
    )
    if aux == "random":  # a task unrelated to the digit: random labels, 10 classes
        y_aux = rng.integers(0, 10, N_TRAIN)
    else:  # a related task, labelled on all 1000 images: the digit modulo 5
        y_aux = y_train % 5
    labeled = (np.arange(N_TRAIN) < N_LABELED).astype("float64")
    n_aux = 10 if aux == "random" else 5
    net, optimizer, train = trainers[n_aux]
    keras.utils.set_random_seed(seed)
    net.set_weights(build(n_aux).get_weights())  # fresh weights
    log_var.assign(np.zeros(2))
    for variable in optimizer.variables:  # a fresh Adam, same learning rate
        if "learning_rate" not in variable.path:
            variable.assign(ops.zeros_like(variable))
    final = train(
        x_train,
        y_train,
        labeled,
        y_aux,  # tensors, not Python values:
        ops.convert_to_tensor(weight or 0.0, "float64"),  # one trace
        ops.convert_to_tensor(aux == "uncertainty"),
    )
    acc = np.mean(ops.convert_to_numpy(net(x_test)["digit"]).argmax(1) == y_test)
    return acc, np.exp(-ops.convert_to_numpy(log_var)), ops.convert_to_numpy(final)


settings = [
    ("digit alone", None, 0.0),
    ("+ mod 5, w=0.3", "mod5", 0.3),
    ("+ mod 5, w=1", "mod5", 1.0),
    ("+ mod 5, w=3", "mod5", 3.0),
    ("+ random labels, w=3", "random", 3.0),
    ("+ mod 5, uncertainty", "uncertainty", None),
]
acc = {}
for name, aux, weight in settings:
    runs = [run(seed, aux, weight) for seed in SEEDS]
    acc[name] = np.array([r[0] for r in runs])
    print(
        f"{name:22s} digit test accuracy {acc[name].mean():.3f}  per seed "
        f"{np.round(acc[name], 2).tolist()}"
    )
weights = np.mean([r[1] for r in runs], axis=0)
final = np.mean([r[2] for r in runs], axis=0)
print(f"learned weights exp(-s): digit {weights[0]:.1f}, mod 5 {weights[1]:.1f}")
print(f"final training losses:   digit {final[0]:.3f}, mod 5 {final[1]:.3f}")

alone = acc["digit alone"]
for w in ["0.3", "1", "3"]:
    assert acc[f"+ mod 5, w={w}"].mean() > alone.mean() + 0.01, "a related task helps"
assert acc["+ random labels, w=3"].mean() < alone.mean() - 0.03, (
    "an unrelated task hurts"
)
