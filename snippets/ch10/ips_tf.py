import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
# 3 user segments x 4 items: true click probabilities (the simulator knows them)
q = np.array(
    [[0.10, 0.30, 0.05, 0.20], [0.25, 0.05, 0.10, 0.15], [0.05, 0.10, 0.40, 0.10]]
)
# logging policy: shows popular items 0 and 1 most, item 2 rarely
pi0 = np.array(
    [[0.50, 0.30, 0.02, 0.18], [0.50, 0.30, 0.02, 0.18], [0.50, 0.30, 0.02, 0.18]]
)
new = np.array([1, 0, 2])  # new policy: the best item of each segment
true_value = q[np.arange(3), new].mean()  # segments are equally frequent
R, N = 400, 3000  # 400 independent logs of 3,000 impressions each
x = rng.integers(3, size=(R, N))
a = (rng.random((R, N, 1)) > pi0[x].cumsum(-1)).sum(-1)  # sample a ~ pi0(.|x)
r = (rng.random((R, N)) < q[x, a]).astype(float)  # logged clicks
prop = pi0[x, a]  # logged propensity of the shown item

x, a, r, prop = (tf.constant(v) for v in (x, a, r, prop))
match = tf.cast(
    a == tf.gather(tf.constant(new), x), tf.float64
)  # would the new policy show it?
w = match / prop  # importance weight pi(a|x) / pi0(a|x)
est = {
    "logged CTR": tf.reduce_mean(r, 1),  # the old policy's value
    "naive match": tf.reduce_sum(r * match, 1) / tf.reduce_sum(match, 1),  # unweighted
    "IPS": tf.reduce_mean(w * r, 1),
    "SNIPS": tf.reduce_sum(w * r, 1) / tf.reduce_sum(w, 1),
    "IPS clip 10": tf.reduce_mean(tf.minimum(w, 10.0) * r, 1),
}
print(f"true CTR of the new policy: {true_value:.3f}")
result = {k: v.numpy() for k, v in est.items()}
for name, v in result.items():
    print(f"{name:12s} mean {v.mean():.3f}  std {v.std(ddof=1):.4f}")

m = {k: v.mean() for k, v in result.items()}
s = {k: v.std(ddof=1) for k, v in result.items()}
assert abs(m["IPS"] - true_value) < 0.01 and abs(m["SNIPS"] - true_value) < 0.01, (
    "unbiased"
)
assert m["naive match"] < true_value - 0.03 and m["logged CTR"] < true_value - 0.05, (
    "biased"
)
assert s["SNIPS"] < s["IPS"], "self-normalizing lowers the variance"
assert s["IPS clip 10"] < s["IPS"] / 2 and m["IPS clip 10"] < true_value - 0.05, (
    "clipping: less variance, more bias"
)
