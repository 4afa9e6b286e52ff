import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# book: tolerance ±0.01

SEED = 0
rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
tf.config.threading.set_intra_op_parallelism_threads(1)  # a tiny model

digits = load_digits()
X = digits.data / 16.0  # pixels in [0, 1], float64
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
X_tr, X_te = tf.constant(X_tr), tf.constant(X_te)
init = [  # MLP 64 -> 64 -> 10, drawn by NumPy as in the first example
    rng.normal(0, np.sqrt(2 / 64), (64, 64)),
    np.zeros(64),
    rng.normal(0, np.sqrt(1 / 64), (64, 10)),
    np.zeros(10),
]


def model(params, x):
    W1, b1, W2, b2 = params
    return tf.nn.relu(x @ W1 + b1) @ W2 + b2  # logits


def loss_fn(params, x, y):
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=y, logits=model(params, x)
        )
    )


@tf.function  # a graph: eager TensorFlow would take several times longer here
def pgd(params, x, y, eps, steps, noise):
    alpha = 2.5 * eps / steps
    x_adv = tf.clip_by_value(x + noise * eps, 0, 1)  # random start in the eps-ball
    for _ in range(steps):
        with tf.GradientTape() as tape:
            tape.watch(x_adv)
            loss = loss_fn(params, x_adv, y)
        x_adv = x_adv + alpha * tf.sign(tape.gradient(loss, x_adv))
        x_adv = tf.clip_by_value(tf.clip_by_value(x_adv, x - eps, x + eps), 0, 1)
    return x_adv


def train(eps, n_steps, pgd_steps=2):
    params = [tf.Variable(p) for p in init]
    opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            loss = loss_fn(params, x, y_tr)
        opt.apply_gradients(zip(tape.gradient(loss, params), params))

    for _ in range(n_steps):  # full batch
        x = X_tr
        if eps > 0:  # Madry et al.: train on the worst case found by PGD
            noise = tf.constant(rng.uniform(-1, 1, X_tr.shape))
            x = pgd(params, X_tr, y_tr, tf.constant(eps, tf.float64), pgd_steps, noise)
        step(x)
    grads = n_steps * (1 + (pgd_steps if eps > 0 else 0))  # gradient evaluations
    return params, grads


def accuracy(params, x):
    return float(np.mean(np.argmax(model(params, x), 1) == y_te))


noise_te = tf.constant(rng.uniform(-1, 1, X_te.shape))
rows = {}
for name, eps, n_steps in [
    ("standard", 0.0, 400),
    ("PGD eps=0.1", 0.1, 200),
    ("PGD eps=0.2", 0.2, 200),
]:
    params, grads = train(eps, n_steps)
    rows[name] = np.array(
        [accuracy(params, X_te)]
        + [
            accuracy(
                params,
                pgd(params, X_te, y_te, tf.constant(e, tf.float64), 20, noise_te),
            )
            for e in (0.1, 0.2)
        ]
        + [grads]
    )
print("training       clean  PGD-20 eps=0.1  eps=0.2  gradient evaluations")
for name, (clean, r1, r2, grads) in rows.items():
    print(f"{name:12s}  {clean:6.3f}  {r1:13.3f}  {r2:7.3f}  {grads:6.0f}")
result = rows

std, adv1, adv2 = rows["standard"], rows["PGD eps=0.1"], rows["PGD eps=0.2"]
assert adv1[1] > std[1] + 0.2, "adversarial training raises robust accuracy at eps=0.1"
assert adv2[2] > std[2] + 0.3, "training at eps=0.2 raises robust accuracy at eps=0.2"
assert std[0] > adv1[0] > adv2[0], "and costs clean accuracy, more for a larger eps"
assert adv1[3] == 1.5 * std[3], "with half its steps, it needs 1.5 times the gradients"
