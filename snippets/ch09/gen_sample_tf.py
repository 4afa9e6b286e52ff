import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

# The true generator: a word-level Markov chain with known transition probabilities
words = ". the a cat dog bird sees chases likes runs sleeps sings and".split()
rules = {
    ".": {"the": 0.55, "a": 0.45},
    "the": {"cat": 0.4, "dog": 0.35, "bird": 0.25},
    "a": {"cat": 0.3, "dog": 0.3, "bird": 0.4},
    "cat": {"sees": 0.45, "chases": 0.2, "sleeps": 0.2, "likes": 0.15},
    "dog": {"chases": 0.5, "runs": 0.3, "sees": 0.2},
    "bird": {"sings": 0.5, "sees": 0.3, "likes": 0.2},
    "sees": {"the": 0.6, "a": 0.4},
    "chases": {"the": 0.55, "a": 0.45},
    "likes": {"a": 0.55, "the": 0.45},
    "runs": {".": 0.6, "and": 0.4},
    "sleeps": {".": 0.7, "and": 0.3},
    "sings": {".": 0.55, "and": 0.45},
    "and": {"the": 0.6, "a": 0.4},
}
V = len(words)
P_true = np.zeros((V, V))
for w, nxt in rules.items():
    for u, p in nxt.items():
        P_true[words.index(w), words.index(u)] = p


def sample_chain(P, n_seq, length):  # P[i, j] = p(next = j | previous = i)
    seq = np.zeros((n_seq, length + 1), dtype=int)  # each starts after "."
    for t in range(length):
        cdf = np.cumsum(P[seq[:, t]], axis=1)
        u = rng.random((n_seq, 1))
        seq[:, t + 1] = np.minimum((u > cdf).sum(axis=1), V - 1)
    return seq


# Training text: 20,000 tokens from the true chain, counted as (previous, next) pairs
text = sample_chain(P_true, 100, 200)
counts = np.zeros((V, V))
np.add.at(counts, (text[:, :-1], text[:, 1:]), 1)
share = counts / counts.sum()  # the cross-entropy over all pairs is a weighted sum

# The model: embedding -> logits over the next word (a tiny bigram language model)
model = keras.Sequential(
    [
        keras.Input((), dtype="int64"),
        keras.layers.Embedding(V, 8),
        keras.layers.Dense(V),
    ]
)
model.layers[0].set_weights([rng.normal(size=(V, 8))])  # initial weights from NumPy
model.layers[1].set_weights([rng.normal(0, 0.3, size=(8, V)), np.zeros(V)])
opt = keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-10)
every_word = tf.range(V, dtype=tf.int64)
for _step in range(60):
    with tf.GradientTape() as tape:
        loss = -tf.reduce_sum(share * tf.nn.log_softmax(model(every_word), axis=-1))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
logits = model(every_word)  # next-word logits after each word
H = -np.sum(P_true * np.log(np.where(P_true > 0, P_true, 1)), axis=1)
stat = np.linalg.matrix_power(P_true.T, 200)[:, 0]  # stationary distribution
print(f"training loss {float(loss):.3f}, entropy rate of the chain {stat @ H:.3f}")


def decode_probs(logits, t=1.0, k=None, p=None):  # next-word distribution
    if t == 0:  # greedy: all the mass on the argmax
        return tf.one_hot(tf.argmax(logits, -1), V, dtype=tf.float64)
    z = logits / t
    if k is not None:
        z = tf.where(z < tf.math.top_k(z, k).values[..., -1:], -np.inf, z)
    if p is not None:
        probs = tf.nn.softmax(z, axis=-1)
        ranked = tf.sort(probs, axis=-1, direction="DESCENDING")
        before = tf.cumsum(ranked, axis=-1, exclusive=True)
        cutoff = tf.reduce_min(tf.where(before < p, ranked, 2.0), -1, keepdims=True)
        z = tf.where(probs < cutoff, -np.inf, z)
    return tf.nn.softmax(z, axis=-1)


def measure(seq):  # quality under the TRUE chain, diversity, repetition
    pt = P_true[seq[:, :-1], seq[:, 1:]]
    invalid = np.mean(pt == 0)
    logp = np.mean(np.log(pt[pt > 0]))  # true log-prob per valid word
    d2, r4 = [], []
    for s in seq[:, 1:].tolist():
        bi = list(zip(s, s[1:]))
        four = list(zip(s, s[1:], s[2:], s[3:]))
        d2.append(len(set(bi)) / len(bi))
        r4.append(1 - len(set(four)) / len(four))
    return logp, invalid, np.mean(d2), np.mean(r4)


settings = {
    "true chain": None,
    "greedy": dict(t=0),
    "T=0.5": dict(t=0.5),
    "T=1": dict(t=1.0),
    "T=3": dict(t=3.0),
    "top-k k=3": dict(k=3),
    "top-p p=0.9": dict(p=0.9),
    "T=3, top-p 0.9": dict(t=3.0, p=0.9),
}
print(f"{'decoding':15s} logp/word invalid distinct-2 repeat-4")
res = {}
for name, kw in settings.items():
    P = P_true if kw is None else decode_probs(logits, **kw).numpy()
    seq = sample_chain(P, 200, 30)  # 200 texts of 30 words
    res[name] = measure(seq)
    logp, invalid, d2, r4 = res[name]
    print(f"{name:15s} {logp:9.2f} {invalid:7.1%} {d2:10.2f} {r4:8.2f}")
    if name in ("greedy", "T=3"):
        print("   ", " ".join(words[i] for i in seq[0, 1:13]))
result = {
    "probs": decode_probs(logits).numpy(),
    "metrics": np.array(list(res.values())),
}

assert res["greedy"][0] > res["T=1"][0] > res["T=3"][0], "greedy: highest log-prob"
assert res["greedy"][2] < 0.15 and res["greedy"][3] > 0.8, "greedy loops"
assert res["T=1"][2] > 3 * res["greedy"][2], "sampling is far more diverse"
assert abs(res["T=1"][0] - res["true chain"][0]) < 0.1, "T=1 is close to the truth"
assert res["T=1"][1] < 0.01 < 0.02 < res["T=3"][1], "high T writes invalid text"
assert res["top-p p=0.9"][1] == 0, "top-p cuts the invalid tail"
assert res["T=3, top-p 0.9"][1] < res["T=3"][1] / 2, "top-p after T=3 cuts most"
