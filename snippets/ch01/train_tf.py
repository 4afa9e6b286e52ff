import keras
import numpy as np
import tensorflow as tf

SEED = 0
N_TRAIN, N_TEST, NOISE = 320, 200, 0.2
HIDDEN, EPOCHS, BATCH, LR = 32, 10, 32, 0.05

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)


def two_moons(n, noise, rng):
    """Two interleaving half circles, half of the points each, plus Gaussian noise."""
    t = rng.uniform(0, np.pi, n)
    label = np.arange(n) % 2
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    x = np.where(label[:, None] == 0, upper, lower)
    x = x + noise * rng.standard_normal((n, 2))
    return x.astype(np.float32), label.astype(np.float32)[:, None]


x, y = two_moons(N_TRAIN + N_TEST, NOISE, rng)
x_train, y_train, x_test, y_test = x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]


def accuracy(model):
    logits = keras.ops.convert_to_numpy(model(x_test))
    return float(np.mean((logits > 0) == (y_test > 0.5)))


def report(name, history, model):
    losses = [round(v, 3) for v in history.history["loss"]]
    print(f"{name}: loss per epoch:", losses)
    acc = accuracy(model)
    print(f"{name}: test accuracy {acc:.3f}")
    return losses, acc


def mlp(cls):
    inputs = keras.Input((2,))
    hidden = keras.layers.Dense(HIDDEN, activation="relu")(inputs)
    return cls(inputs, keras.layers.Dense(1)(hidden))  # one logit per example


# 1. The built-in loop: compile() picks optimizer and loss, fit() runs the steps
model = mlp(keras.Model)
model.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
)
history = model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
fit_losses, fit_acc = report("fit", history, model)


# 2. The same fit(), with our own train_step (the TensorFlow-backend recipe)
class StepModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)  # forward
            loss = self.compute_loss(y=y, y_pred=y_pred)  # loss from compile()
        grads = tape.gradient(loss, self.trainable_variables)  # backward
        self.optimizer.apply(grads, self.trainable_variables)  # update
        for metric in self.metrics:
            if metric.name == "loss":  # the loss tracker
                metric.update_state(loss)  # unweighted: all batches have 32 examples
            else:  # metrics passed to compile(); none in this example
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


keras.utils.set_random_seed(SEED)  # same initial weights and shuffles as above
custom = mlp(StepModel)
custom.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
)
history = custom.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, verbose=0)
step_losses, step_acc = report("train_step", history, custom)

assert fit_losses[-1] < fit_losses[0] / 2, "the loss must fall"
assert step_losses[-1] < step_losses[0] / 2, "the loss must fall"
assert step_losses == fit_losses, "train_step must reproduce fit() exactly"
assert fit_acc > 0.9 and step_acc > 0.9, "both must separate the two moons"
