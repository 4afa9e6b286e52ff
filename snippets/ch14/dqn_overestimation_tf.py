import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)
TRIALS = 20000


def biases(q_true, noise_a, noise_b):
    # two independent noisy estimates of the same action values
    qa, qb = tf.constant(q_true + noise_a), tf.constant(q_true + noise_b)
    single = tf.reduce_max(qa, 1)  # max_a Q_A(a): what the Q-learning target uses
    pick = tf.argmax(qa, 1)  # select with Q_A ...
    double = tf.gather(qb, pick, batch_dims=1)  # ... evaluate with Q_B
    best = q_true.max()
    return float(tf.reduce_mean(single) - best), float(tf.reduce_mean(double) - best)


def expected_max(k):  # E[max of k standard normals] by numerical integration
    x = tf.linspace(tf.constant(-10.0, tf.float64), 10.0, 20001)
    pdf = tf.exp(-(x**2) / 2) / np.sqrt(2 * np.pi)
    cdf = 0.5 * (1 + tf.math.erf(x / np.sqrt(2)))
    return float(tf.reduce_sum(x * k * pdf * cdf ** (k - 1)) * (x[1] - x[0]))


rows = []
print("true values        actions  E[max noise]  single bias  double bias")
for name, k, q_true in [
    ("all equal (0)", 2, np.zeros(2)),
    ("all equal (0)", 10, np.zeros(10)),
    ("all equal (0)", 100, np.zeros(100)),
    ("0, -0.1, ..., -0.9", 10, -0.1 * np.arange(10)),
]:
    noise_a = rng.standard_normal((TRIALS, k))  # unit noise on every estimate
    noise_b = rng.standard_normal((TRIALS, k))
    single, double = biases(q_true, noise_a, noise_b)
    exact = expected_max(k)
    rows.append([k, exact, single, double])
    shown = f"{exact:.2f}" if q_true.min() == q_true.max() else "-"
    single, double = round(single, 2) + 0.0, round(double, 2) + 0.0  # no "-0.00"
    print(f"{name:18s} {k:7d} {shown:>13s} {single:12.2f} {double:12.2f}")
result = np.array(rows)

assert abs(result[0, 1] - 1 / np.sqrt(np.pi)) < 1e-6, "E[max of 2] = 1/sqrt(pi)"
assert np.allclose(result[:3, 2], result[:3, 1], atol=0.03), "single bias = E[max]"
assert np.all(np.abs(result[:3, 3]) < 0.03), "double estimator: no bias when equal"
assert np.all(np.diff(result[:3, 2]) > 0.5), "the bias grows with the action count"
assert result[3, 3] < -0.05 < 0.3 < result[3, 2], "double can underestimate"
