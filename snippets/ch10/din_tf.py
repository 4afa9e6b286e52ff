import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny tensors
rng = np.random.default_rng(0)
# book: tolerance ±0.02

# Synthetic logs: 24 series of 5 episodes; item s*5+e is episode e of series s.
U, S, E, D = 600, 24, 5, 4  # users, series, episodes per series, taste dims
N = S * E  # items
series_vec, series_pop = rng.normal(size=(S, D)), rng.normal(size=S)
user_vec = rng.normal(size=(U, D))


def history(u):  # a time-ordered list of items, each seen once
    logit = 1.5 * user_vec[u] @ series_vec.T + series_pop  # softmax choice model
    done, hist, cur = np.zeros(S, int), [], -1
    for _ in range(rng.integers(8, 21)):
        if cur < 0 or done[cur] == E or rng.random() > 0.7:  # pick a new series
            p = np.where(done < E, np.exp(logit - logit.max()), 0.0)
            cur = rng.choice(S, p=p / p.sum())
        hist.append(cur * E + done[cur])  # the next unseen episode
        done[cur] += 1
    return hist


logs = [history(u) for u in range(U)]
train = [h[:-1] for h in logs]  # leave-one-out: the last item is the test item
test = np.array([h[-1] for h in logs])
seen = np.zeros((U, N), bool)
for u, h in enumerate(train):
    seen[u, h] = True


def evaluate(scores, k=10):  # full ranking over all unseen items
    scores = np.where(seen, -np.inf, scores)
    rank = (scores > scores[np.arange(U), test][:, None]).sum(1)  # 0-based
    hit = rank < k
    return hit.mean(), (hit / np.log2(rank + 2)).mean()


# Histories as sets of the last L items: shifted by 1, 0 = padding.
L, d, H = 10, 16, 16
STEPS, B, K = 200, 256, 1  # Adam steps, batch, sampled negatives per positive


def pad(seqs):
    out = np.zeros((len(seqs), L), int)
    for r, q in enumerate(seqs):
        q = q[-L:]
        out[r, : len(q)] = np.array(q) + 1
    return out


# Training pairs: each prefix of a training history and the item after it.
x_train = pad([h[:t] for h in train for t in range(1, len(h))])
y_train = np.array([h[t] for h in train for t in range(1, len(h))])
x_test = pad(train)
batch = rng.integers(0, len(y_train), (STEPS, B))
cand = np.concatenate(
    [y_train[batch][..., None], rng.integers(0, N, (STEPS, B, K))], -1
)  # positive first
label = np.zeros((B, 1 + K))
label[:, 0] = 1.0


def init(attend):  # NumPy weights, identical in both frameworks
    shapes = {"item": (N + 1, d), "V1": (3 * d, H), "v2": (H, 1)}
    if attend:
        shapes.update({"A": (4 * d, H), "a": (H, 1)})
    W = {
        k: 0.1 * rng.normal(size=v) if k == "item" else rng.normal(size=v) / v[0] ** 0.5
        for k, v in shapes.items()
    }
    W["c1"] = np.zeros(H)
    if attend:
        W["b1"] = np.zeros(H)
    return {k: tf.Variable(v) for k, v in W.items()}


def activation(W, h, q):  # DIN's activation unit: one weight per (item, candidate)
    A1, A2, A3, A4 = tf.split(W["A"], 4)  # blocks acting on h, q, h*q, h-q
    z = h @ A1 + q @ A2 + (h * q) @ A3 + h @ A4 - q @ A4  # concat(...) @ A
    return tf.nn.relu(z + W["b1"]) @ W["a"]  # unnormalized: no softmax


def score(W, x, c, attend):  # histories (n, L), candidates (n, m) -> logits (n, m)
    h = tf.gather(W["item"], x)[:, None]  # (n, 1, L, d)
    e = tf.gather(W["item"], c + 1)  # (n, m, d)
    keep = tf.cast(x > 0, tf.float64)[:, None, :, None]  # (n, 1, L, 1): no padding
    if attend:  # v_U(c) = sum_j a(h_j, c) h_j, one vector per candidate
        v = tf.reduce_sum(keep * activation(W, h, e[:, :, None]) * h, 2)
    else:  # mean pooling: one vector for all candidates
        v = tf.broadcast_to(
            tf.reduce_sum(keep * h, 2) / tf.reduce_sum(keep, 2), tf.shape(e)
        )
    z = tf.concat([v, e, v * e], -1)
    return (tf.nn.relu(z @ W["V1"] + W["c1"]) @ W["v2"])[..., 0]


def fit(attend):  # Adam on the shared batches
    W = init(attend)
    variables = list(W.values())
    opt = keras.optimizers.Adam(learning_rate=0.03, epsilon=1e-8)

    @tf.function
    def train_step(x, c):
        with tf.GradientTape() as tape:
            logits = score(W, x, c, attend)
            loss = tf.reduce_mean(
                tf.nn.sigmoid_cross_entropy_with_logits(label, logits)
            )
        grads = tape.gradient(loss, variables)
        # dense gradients: Keras's Adam updates rows repeated in sparse ones differently
        opt.apply_gradients(zip([tf.convert_to_tensor(g) for g in grads], variables))

    for step in range(STEPS):
        train_step(x_train[batch[step]], cand[step])
    return W


result = {}
for name, attend in [("mean pool", False), ("DIN", True)]:
    W = fit(attend)
    all_items = np.tile(np.arange(N), (100, 1))  # all 120 items, 100 users at a time
    scores = tf.concat(
        [score(W, x_test[i : i + 100], all_items, attend) for i in range(0, U, 100)], 0
    )
    result[name] = np.array(evaluate(scores.numpy()))
    hr, ndcg = result[name]
    print(f"{name:9s}  HR@10 {hr:.3f}  NDCG@10 {ndcg:.3f}")

# Where does DIN put its weight? Candidate = each user's test item.
a = activation(
    W, tf.gather(W["item"], x_test), tf.gather(W["item"], test + 1)[:, None]
)[..., 0].numpy()
same = (x_test - 1) // E == (test // E)[:, None]  # history item in the same series
a = np.abs(a) * (x_test > 0)
has = same.any(1)  # users with an item of the candidate's series in the history
w_share = ((a * same).sum(1) / a.sum(1))[has].mean()
n_share = (same.sum(1) / (x_test > 0).sum(1))[has].mean()
print(
    f"DIN |weight| on the candidate's series {w_share:.2f}, "
    f"its share of the history {n_share:.2f}"
)

mean_hr, din_hr = result["mean pool"][0], result["DIN"][0]
assert din_hr > mean_hr + 0.08, "target attention beats mean pooling on HR@10"
assert result["DIN"][1] > result["mean pool"][1] + 0.08, "and on NDCG@10"
assert result["DIN"][1] < 0.7, "a set model stays below the next-episode rule (0.727)"
assert w_share > n_share + 0.1, "the weight goes to the candidate's own series"
