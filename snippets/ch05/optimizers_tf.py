import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

SEED = 0
STEPS = 60
WEIGHT_DECAY = 0.5

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
x = tf.constant(digits.data / 16.0, dtype=tf.float32)
y = tf.constant(digits.target)
w0 = rng.normal(0.0, 0.01, size=(64, 10)).astype(np.float32)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# epsilon=1e-8 as in PyTorch (Keras' default is 1e-7)
OPTIMIZERS = {
    "SGD": lambda: keras.optimizers.SGD(0.5),
    "SGD+momentum": lambda: keras.optimizers.SGD(0.5, momentum=0.9),
    "Adam": lambda: keras.optimizers.Adam(0.05, epsilon=1e-8),
    "AdamW": lambda: keras.optimizers.AdamW(
        0.05, weight_decay=WEIGHT_DECAY, epsilon=1e-8
    ),
}


def train(make_optimizer):
    """Full-batch softmax regression from the same initial weights."""
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)])
    model.set_weights([w0, np.zeros(10, np.float32)])
    optimizer = make_optimizer()
    optimizer.build(model.trainable_variables)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for _ in range(STEPS):
        step()
    logits = model(x)
    loss = float(loss_fn(y, logits))
    accuracy = float(np.mean(np.argmax(logits, 1) == digits.target))
    return loss, accuracy, float(np.linalg.norm(model.get_weights()[0]))


results = {name: train(make) for name, make in OPTIMIZERS.items()}
result = np.array([loss for loss, _, _ in results.values()])

print(f"{'optimizer':<14}{'loss':>8}{'accuracy':>10}{'|W|':>8}")
for name, (loss, accuracy, norm) in results.items():
    print(f"{name:<14}{loss:>8.3f}{accuracy:>10.3f}{norm:>8.2f}")

loss = {name: r[0] for name, r in results.items()}
norm = {name: r[2] for name, r in results.items()}
assert loss["SGD+momentum"] < loss["SGD"], "momentum must beat plain SGD here"
assert loss["Adam"] < loss["SGD"], "Adam must beat plain SGD here"
assert norm["AdamW"] < norm["Adam"], "weight decay must shrink the weights"
