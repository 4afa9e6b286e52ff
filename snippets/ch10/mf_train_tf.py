import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # tiny tensors
rng = np.random.default_rng(0)
# book: tolerance ±0.01

# Synthetic logs: 24 series of 5 episodes; item s*5+e is episode e of series s.
U, S, E, D = 600, 24, 5, 4  # users, series, episodes per series, taste dims
I = S * E
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
seen = np.zeros((U, I), bool)
for u, h in enumerate(train):
    seen[u, h] = True


def evaluate(scores, k=10):  # full ranking over all unseen items
    scores = np.where(seen, -np.inf, scores)
    rank = (scores > scores[np.arange(U), test][:, None]).sum(1)  # 0-based
    hit = rank < k
    return hit.mean(), (hit / np.log2(rank + 2)).mean()


pop = np.bincount(np.concatenate(train), minlength=I).astype(float)
popular = evaluate(np.tile(pop, (U, 1)))
print("popularity HR@10 {:.3f}  NDCG@10 {:.3f}".format(*popular))
nxt = np.tile(pop, (U, 1))  # popularity, plus a bonus for the next episode
for u, h in enumerate(train):
    if h[-1] % E < E - 1:
        nxt[u, h[-1] + 1] += 1e6
next_ep = evaluate(nxt)
print("next ep.   HR@10 {:.3f}  NDCG@10 {:.3f}".format(*next_ep))

# BPR matrix factorization: score(u, i) = p_u . q_i + b_i
users = np.concatenate([[u] * len(h) for u, h in enumerate(train)])
items = np.concatenate(train)
P = tf.Variable(0.1 * rng.normal(size=(U, 16)))
Q = tf.Variable(0.1 * rng.normal(size=(I, 16)))
b = tf.Variable(np.zeros(I))
opt = keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-8)
pos_idx = tf.constant(np.stack([users, items], 1))


@tf.function
def train_step(neg):
    with tf.GradientTape() as tape:
        X = P @ tf.transpose(Q) + b  # all U x I scores
        neg_idx = tf.stack([pos_idx[:, 0], neg], 1)
        x = tf.gather_nd(X, pos_idx) - tf.gather_nd(X, neg_idx)
        reg = 1e-4 * (tf.reduce_sum(P**2) + tf.reduce_sum(Q**2))
        loss = tf.reduce_mean(tf.math.softplus(-x)) + reg  # -log sigmoid(x)
    opt.apply_gradients(zip(tape.gradient(loss, [P, Q, b]), [P, Q, b]))
    return loss


for step in range(200):
    loss = train_step(tf.constant(rng.integers(0, I, len(items))))  # uniform negatives
    if step % 50 == 0 or step == 199:
        print(f"step {step:3d}  BPR loss {float(loss):.3f}")
mf = evaluate((P @ tf.transpose(Q) + b).numpy())
print("BPR-MF     HR@10 {:.3f}  NDCG@10 {:.3f}".format(*mf))
result = np.array([popular, next_ep, mf])

assert mf[0] > popular[0] + 0.4, "MF beats popularity by far"
assert mf[1] < next_ep[1], "the next-episode rule ranks the test item higher"
