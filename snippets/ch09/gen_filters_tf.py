import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
V = 10  # a vocabulary of 10 tokens, numbered from most to least likely
z = tf.constant(np.sort(2.0 * rng.normal(size=V))[::-1].copy())  # next-token logits


def with_temperature(logits, t):  # softmax(z / T)
    return tf.nn.softmax(logits / t, axis=-1)


def top_k(logits, k):  # keep the k largest logits, renormalize
    kth = tf.math.top_k(logits, k).values[..., -1:]
    return tf.nn.softmax(tf.where(logits >= kth, logits, -np.inf), axis=-1)


def top_p(logits, p):  # keep the smallest set of top tokens with mass >= p
    probs = tf.nn.softmax(logits, axis=-1)
    ranked = tf.sort(probs, axis=-1, direction="DESCENDING")
    before = tf.cumsum(ranked, axis=-1, exclusive=True)  # mass ranked above
    cutoff = tf.reduce_min(tf.where(before < p, ranked, 2.0), axis=-1, keepdims=True)
    return tf.nn.softmax(tf.where(probs >= cutoff, logits, -np.inf), axis=-1)


def entropy(q):  # in nats; removed tokens (q = 0) contribute nothing
    q = q.numpy()
    return float(-np.sum(q[q > 0] * np.log(q[q > 0])))


settings = {
    "T=0.05": with_temperature(z, 0.05),
    "T=0.5": with_temperature(z, 0.5),
    "T=1": with_temperature(z, 1.0),
    "T=2": with_temperature(z, 2.0),
    "top-k k=3": top_k(z, 3),
    "top-p p=0.5": top_p(z, 0.5),
    "top-p p=0.9": top_p(z, 0.9),
}
print("logits:", np.round(z.numpy(), 2))
print(f"{'setting':12s} kept entropy  probabilities")
for name, q in settings.items():
    kept = int(tf.math.count_nonzero(q))
    print(f"{name:12s} {kept:4d} {entropy(q):7.3f}  {np.round(q.numpy(), 2)}")
print(f"uniform over {V} tokens: entropy {np.log(V):.3f}")
result = {name: q.numpy() for name, q in settings.items()}

p1 = result["T=1"]
for name, q in result.items():
    assert abs(q.sum() - 1) < 1e-12, f"{name}: a distribution sums to 1"
assert np.count_nonzero(result["top-k k=3"]) == 3, "top-k keeps exactly k tokens"
assert np.allclose(result["top-k k=3"][:3], p1[:3] / p1[:3].sum()), "renormalized"
for p in (0.5, 0.9):
    n = np.count_nonzero(result[f"top-p p={p}"])
    assert p1[:n].sum() >= p > p1[: n - 1].sum(), "the smallest set with mass >= p"
assert result["T=0.05"][0] > 0.999, "a small temperature approaches greedy (one-hot)"
ents = [entropy(settings[f"T={t}"]) for t in ("0.05", "0.5", "1", "2")]
assert all(a < b for a, b in zip(ents, ents[1:])), "entropy grows with T"
assert ents[-1] < np.log(V), "even T=2 is below the uniform entropy"
