import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
softplus = tf.math.softplus

# 1. The optimal discriminator on a grid: p_data = N(0, 1), p_g = N(2, 0.5^2).
x = tf.linspace(tf.constant(-6.0, tf.float64), 8.0, 14001)
dx = x[1] - x[0]


def log_normal(x, mu, sd):
    return -0.5 * ((x - mu) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))


log_p, log_q = log_normal(x, 0.0, 1.0), log_normal(x, 2.0, 0.5)
p, q = tf.exp(log_p), tf.exp(log_q)


def value(logit):  # V(D, G) = E_data[log D] + E_g[log(1 - D)], D = sigmoid(logit)
    return float(tf.reduce_sum((-p * softplus(-logit) - q * softplus(logit)) * dx))


logit_star = log_p - log_q  # D*(x) = p / (p + q)
log_m = tf.reduce_logsumexp(tf.stack([log_p, log_q]), 0) - np.log(2)  # (p + q) / 2
jsd = float(tf.reduce_sum(0.5 * (p * (log_p - log_m) + q * (log_q - log_m)) * dx))
shifts = np.linspace(-1, 1, 21)  # other discriminators: D = sigmoid(logit* + t)
values = [value(logit_star + t) for t in shifts]
print(f"V(D*, G)       = {value(logit_star):.4f}")
print(f"-log 4 + 2 JSD = {-np.log(4) + 2 * jsd:.4f}")
print(f"V(D = 1/2, G)  = {value(tf.zeros_like(x)):.4f}")
print(
    f"best of 21 discriminators sigmoid(logit* + t): t = {shifts[np.argmax(values)]:.1f}"
)

# 2. The generator's gradient when D rejects its samples: G(z) = mu + z and
# D(x) = sigmoid(b - 3x); the smaller b, the surer D is that the fakes are fake.
z = tf.constant(rng.standard_normal(1000))
mu = tf.Variable(3.0, dtype=tf.float64)
rows = []
print("mean D(G(z))  |dL/dmu| saturating  non-saturating   ratio")
for b in [9.0, 6.0, 3.0, 0.0, -3.0]:
    with tf.GradientTape(persistent=True) as tape:
        t = b - 3.0 * (mu + z)  # D's logit on the fakes
        loss_sat = -tf.reduce_mean(softplus(t))  # mean log(1 - D(G(z))), G minimizes it
        loss_ns = tf.reduce_mean(softplus(-t))  # mean -log D(G(z))
    g_sat, g_ns = tape.gradient(loss_sat, mu), tape.gradient(loss_ns, mu)
    assert float(g_sat) * float(g_ns) > 0, "both losses push the fakes the same way"
    rows.append(
        [float(tf.reduce_mean(tf.sigmoid(t))), abs(float(g_sat)), abs(float(g_ns))]
    )
    d, gs, gn = rows[-1]
    print(f"{d:12.4f}  {gs:19.4f}  {gn:14.4f}  {gs / gn:6.4f}")

rows = np.array(rows)
result = {"values": np.array(values), "jsd": np.array(jsd), "grads": rows}
assert abs(value(logit_star) - (-np.log(4) + 2 * jsd)) < 1e-9, (
    "V(D*,G) = -log 4 + 2 JSD"
)
assert max(values) == values[10], "no other discriminator of the family does better"
d, gs, gn = rows[-1]
assert d < 0.01 and gs < 0.01 * gn, "saturating loss: the gradient vanishes"
assert np.allclose(rows[:, 1] / rows[:, 2], rows[:, 0] / (1 - rows[:, 0])), "D/(1-D)"
