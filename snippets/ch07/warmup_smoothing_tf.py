import keras
import numpy as np
import tensorflow as tf
from keras import ops

SEED = 0
D_MODEL, WARMUP = 512, 4000  # Transformer base
SHOW_STEPS = [1, 1000, 4000, 8000, 100000]
NUM_CLASSES, EPSILON = 5, 0.1  # label smoothing eps_ls
LABELS = [2, 0, 4]
GD_LR, GD_STEPS = 1.0, [10, 100, 1000]

keras.utils.set_random_seed(SEED)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(SEED)
logits_np = rng.normal(0.0, 2.0, (len(LABELS), NUM_CLASSES))


class TransformerSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """d_model^-0.5 * min(step^-0.5, step * warmup^-1.5), with step = 1 first."""

    def __init__(self, d_model, warmup_steps):
        self.d_model, self.warmup_steps = d_model, warmup_steps

    def __call__(self, iteration):
        step = ops.cast(iteration, "float64") + 1  # Keras passes 0 at the 1st update
        rising = step * self.warmup_steps**-1.5
        return self.d_model**-0.5 * ops.minimum(step**-0.5, rising)

    def get_config(self):
        return {"d_model": self.d_model, "warmup_steps": self.warmup_steps}


schedule = TransformerSchedule(D_MODEL, WARMUP)
optimizer = keras.optimizers.Adam(schedule, beta_1=0.9, beta_2=0.98, epsilon=1e-9)
rates = ops.convert_to_numpy(schedule(ops.arange(2 * WARMUP)))  # updates 1..8000
weight = keras.Variable(np.zeros(1))
used = []  # the rate each of the first real updates uses
for _ in range(3):
    used.append(float(optimizer.learning_rate))  # schedule(optimizer.iterations)
    with tf.GradientTape() as tape:
        loss = ops.sum((weight - 1.0) ** 2)
    optimizer.apply_gradients([(tape.gradient(loss, weight), weight)])
peak_step = int(np.argmax(rates)) + 1
peak_formula = D_MODEL**-0.5 * WARMUP**-0.5

print(f"peak at step {peak_step}: {rates.max():.3e} = d_model^-0.5 * warmup^-0.5")
for s in SHOW_STEPS:
    print(f"rate at step {s:>6}: {float(schedule(s - 1)):.3e}")
same = np.allclose(used, rates[:3], rtol=1e-12, atol=0)
print("updates 1, 2, 3 use the rates of steps 1, 2, 3:", same)

# Label smoothing: one-hot targets mixed with the uniform distribution
one_hot = np.eye(NUM_CLASSES)[LABELS]
smoothed = one_hot * (1 - EPSILON) + EPSILON / NUM_CLASSES
plain_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
smooth_fn = keras.losses.CategoricalCrossentropy(
    from_logits=True, label_smoothing=EPSILON
)
plain_loss = float(plain_fn(one_hot, logits_np))
smooth_loss = float(smooth_fn(one_hot, logits_np))
log_p = ops.convert_to_numpy(ops.log_softmax(logits_np, axis=-1))
by_hand = float(np.mean(-np.sum(smoothed * log_p, axis=-1)))

print("smoothed target for class 2:", np.round(smoothed[0], 2))
print(f"cross-entropy, plain and smoothed: {plain_loss:.6f} {smooth_loss:.6f}")
print("smoothed loss equals the hand-computed one:", abs(smooth_loss - by_hand) < 1e-12)


def descend(loss_fn, steps):
    """Gradient descent on one example's logits (true class 2), from zeros."""
    z = keras.Variable(np.zeros((1, NUM_CLASSES)))
    target = one_hot[:1]
    sgd = keras.optimizers.SGD(GD_LR)

    @tf.function
    def update():
        with tf.GradientTape() as tape:
            loss = loss_fn(target, z)
        sgd.apply_gradients([(tape.gradient(loss, z), z)])

    p_true, gap = [], []
    for step in range(1, max(steps) + 1):
        update()
        if step in steps:
            zz = ops.convert_to_numpy(z)[0]
            p_true.append(float(ops.softmax(zz)[2]))
            gap.append(zz[2] - zz[0])  # true logit minus another logit
    return np.array(p_true), np.array(gap)


p_smooth, gap_smooth = descend(smooth_fn, GD_STEPS)
p_plain, gap_plain = descend(plain_fn, GD_STEPS)
print("       smoothed target     one-hot target")
print("steps  p(true)  logit gap  p(true)  logit gap")
for i, s in enumerate(GD_STEPS):
    print(
        f"{s:>5}  {p_smooth[i]:>7.4f}  {gap_smooth[i]:>9.4f}"
        f"  {p_plain[i]:>7.4f}  {gap_plain[i]:>9.4f}"
    )
optimum = 1 - EPSILON + EPSILON / NUM_CLASSES
print(f"optimum with smoothing: p(true) = 1 - eps + eps/K = {optimum:.2f}")

result = np.concatenate([rates, [smooth_loss, plain_loss], p_smooth, p_plain])
assert peak_step == WARMUP, "the rate must peak at step = warmup_steps"
assert abs(rates.max() / peak_formula - 1) < 1e-12, "peak = d_model^-0.5 warmup^-0.5"
assert same and abs(rates[0] / (D_MODEL**-0.5 * WARMUP**-1.5) - 1) < 1e-12, "step 1"
assert abs(smooth_loss - by_hand) < 1e-12, "built-in smoothing = (1-eps) y + eps/K"
assert abs(p_smooth[-1] - optimum) < 1e-9, "smoothing stops p(true) at 1-eps+eps/K"
assert abs(gap_smooth[-1] - np.log(46)) < 1e-9, "gap = log(0.92 / 0.02)"
assert np.all(np.diff(gap_plain) > 1), "without smoothing the logits keep growing"
