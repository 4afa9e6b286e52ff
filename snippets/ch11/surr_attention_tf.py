import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small tensors
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

VOCAB, SEQ_LEN, EMBED = 30, 20, 16
KEYWORD, GOOD, BAD = 1, [2, 3, 4, 5], [6, 7, 8, 9]  # tokens 10..29 are filler


def keyword_task(n):
    """Label 1: the keyword occurs once, at a random position."""
    x = rng.integers(10, VOCAB, size=(n, SEQ_LEN))
    y = rng.integers(0, 2, size=n)
    x[y == 1, rng.integers(0, SEQ_LEN, size=(y == 1).sum())] = KEYWORD
    return x, y


def count_task(n):
    """Label 1: more 'good' than 'bad' tokens (ties are dropped)."""
    x = rng.integers(2, VOCAB, size=(2 * n, SEQ_LEN))
    score = np.isin(x, GOOD).sum(1) - np.isin(x, BAD).sum(1)
    x, score = x[score != 0][:n], score[score != 0][:n]
    return x, (score > 0).astype(int)


def encode(P, x):
    """Each position sees its token and the mean of the sequence (its context)."""
    e = tf.gather(P["E"], x)  # (batch, time, EMBED)
    return tf.tanh(e @ P["A"] + tf.reduce_mean(e, 1, keepdims=True) @ P["B"])


def attention(P, h):
    return tf.nn.softmax(tf.linalg.matvec(h, P["u"]), axis=1)  # over time


def classify(P, h, alpha):
    context = tf.reduce_sum(alpha[..., None] * h, 1)  # attention pooling
    return tf.linalg.matvec(context, P["v"]) + P["b"]  # logit


def train(x, y):
    # Weights from NumPy, shared with TF
    shapes = {
        "E": (VOCAB, EMBED),
        "A": (EMBED, EMBED),
        "B": (EMBED, EMBED),
        "u": (EMBED,),
        "v": (EMBED,),
        "b": (1,),
    }
    P = {k: tf.Variable(rng.normal(0, 0.3, s)) for k, s in shapes.items()}
    opt = keras.optimizers.SGD(learning_rate=0.5, momentum=0.9)
    x, y = tf.constant(x), tf.constant(y, tf.float64)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            h = encode(P, x)
            logit = classify(P, h, attention(P, h))
            loss = tf.reduce_mean(
                tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logit)
            )
        grads = tape.gradient(loss, list(P.values()))
        opt.apply_gradients(zip(grads, list(P.values())))

    for _ in range(150):  # full batch: deterministic, so both frameworks agree
        step()
    return P


result, acc, stats, peak = {}, {}, {}, {}
for name, task in [("keyword", keyword_task), ("count", count_task)]:
    x_train, y_train = task(1024)
    x_test, y_test = task(1024)
    P = train(x_train, y_train)
    h = encode(P, x_test)
    alpha = attention(P, h)
    p = tf.sigmoid(classify(P, h, alpha)).numpy()
    perm = np.argsort(rng.random(alpha.shape), axis=1)
    p_perm = tf.sigmoid(classify(P, h, tf.gather(alpha, perm, batch_dims=1))).numpy()
    p_unif = tf.sigmoid(classify(P, h, tf.ones_like(alpha) / SEQ_LEN)).numpy()
    cue = np.isin(x_test, [KEYWORD] + GOOD + BAD)  # the tokens that decide
    top = alpha.numpy().argmax(1)
    on_cue = cue[np.arange(len(top)), top][cue.any(1)].mean()
    acc[name] = ((p > 0.5) == y_test).mean()
    print(f"{name} task: test accuracy {acc[name]:.3f}")
    peak[name] = on_cue
    print(f"  largest weight on a deciding token: {on_cue:.2f} of sequences")
    for label, q in [("permuted", p_perm), ("uniform", p_unif)]:
        change = np.abs(q - p).mean()
        flipped = ((q > 0.5) != (p > 0.5)).mean()
        stats[name, label] = flipped
        print(
            f"  {label:<8} weights: mean |change in p| {change:.3f},"
            f" decisions flipped {flipped:.3f}"
        )
    result[name] = np.stack([p, p_perm, p_unif])

assert min(acc.values()) > 0.97, "both tasks are learned"
assert peak["keyword"] > 0.95 and peak["count"] < 0.9, "where the largest weight falls"
assert min(stats["keyword", "permuted"], stats["keyword", "uniform"]) > 0.3, (
    "keyword task: the decision depends on where attention looks"
)
assert max(stats["count", "permuted"], stats["count", "uniform"]) < 0.1, (
    "count task: other attention weights give almost the same decisions"
)
