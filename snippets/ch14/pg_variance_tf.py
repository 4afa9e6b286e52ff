import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
n, d = 2000, 3
X = rng.normal(size=(n, d))  # states
theta = tf.constant(rng.normal(size=(d, 2)) * 0.5)  # a linear softmax policy
Wq = rng.normal(size=(d, 2))  # true action values: q(s, a) = 20 + s @ Wq[:, a]
pi = tf.nn.softmax(X @ theta).numpy()
a = (rng.random(n) < pi[:, 1]).astype(int)  # actions drawn from the policy
q = 20 + X @ Wq
G = q[np.arange(n), a] + rng.normal(size=n)  # sampled returns, around 20
V = (pi * q).sum(1)  # the true state value under the policy

logits = tf.constant(X) @ theta
with tf.GradientTape(persistent=True) as tape:
    tape.watch(logits)
    logp = tf.nn.log_softmax(logits)
    chosen = tf.reduce_sum(tf.gather(logp, a, batch_dims=1))
    weighted = tf.reduce_sum(tf.stop_gradient(tf.exp(logp)) * logp)
# per-sample gradient of log pi(a_i|s_i) w.r.t. theta: s_i outer d/dlogits
dlog = tape.gradient(chosen, logits)
score = X * dlog[:, 1:]  # the column of action 1 (action 0: minus it)
# E_a[grad log pi(a|s)] = sum_a pi(a|s) grad log pi(a|s), exactly, per state
expected = tape.gradient(weighted, logits)

th = tf.Variable(theta)  # the exact gradient of J = E_s sum_a pi q
with tf.GradientTape() as tape:
    J = tf.reduce_mean(tf.reduce_sum(tf.nn.softmax(X @ th) * q, 1))
exact = tape.gradient(J, th)[:, 1]

result = {"exact": exact.numpy()}
print(
    f"E_a[grad log pi] = 0 in every state: {bool(tf.reduce_max(tf.abs(expected)) < 1e-12)}"
)
print(f"exact gradient:    {np.round(result['exact'], 2)}")
for name, b in [("no baseline", 0.0), ("mean return", G.mean()), ("V(s)", V)]:
    g = score * (G - b)[:, None]  # one gradient estimate per sample
    mean, var = tf.nn.moments(g, axes=[0])
    result[name] = np.array([*mean.numpy(), tf.reduce_sum(var).numpy()])
    print(
        f"{name:12s} mean: {np.round(result[name][:3], 2)} "
        f"variance: {result[name][3]:.1f}"
    )

var = [result[k][3] for k in ["no baseline", "mean return", "V(s)"]]
assert tf.reduce_max(tf.abs(expected)) < 1e-12, (
    "the score has mean zero under the policy"
)
assert var[0] > 20 * var[1] and var[1] > var[2], "each baseline cuts the variance"
for k in ["no baseline", "mean return", "V(s)"]:
    err = np.abs(result[k][:3] - result["exact"]).max()
    assert err < 4 * np.sqrt(result[k][3] / n), "every estimate is unbiased (4 s.e.)"
