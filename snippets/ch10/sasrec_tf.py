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


# SASRec: items shifted by 1, 0 = padding; sequences left-padded to L.
L, d = 19, 16


def pad(seqs):
    out = np.zeros((len(seqs), L), int)
    for r, q in enumerate(seqs):
        out[r, L - len(q) :] = np.array(q) + 1
    return out


x_train, y_train = pad([h[:-1] for h in train]), pad([h[1:] for h in train])
x_test = pad(train)  # the whole training history predicts the test item
shapes = {
    "item": (I + 1, d),
    "pos": (L, d),
    "Wq": (d, d),
    "Wk": (d, d),
    "Wv": (d, d),
    "W1": (d, d),
    "W2": (d, d),
}
W = {k: tf.Variable(0.1 * rng.normal(size=v)) for k, v in shapes.items()}
causal = np.tril(np.ones((L, L), bool))


def ln(h):  # layer normalization without scale and shift
    mean, var = tf.nn.moments(h, axes=[-1], keepdims=True)
    return (h - mean) / tf.sqrt(var + 1e-5)


def sasrec(x):  # one self-attention block, one head
    h = tf.gather(W["item"], x) + W["pos"]
    a = ln(h)
    q, k, v = a @ W["Wq"], a @ W["Wk"], a @ W["Wv"]
    att = q @ tf.transpose(k, [0, 2, 1]) / d**0.5
    keep = causal & (x > 0)[:, None, :]  # no future, no padding
    att = tf.nn.softmax(tf.where(keep, att, tf.constant(-1e9, tf.float64)), -1)
    h = h + att @ v
    h = h + tf.nn.relu(ln(h) @ W["W1"]) @ W["W2"]  # feed-forward
    return ln(h) @ tf.transpose(W["item"][1:]), att  # shared embeddings


opt = keras.optimizers.Adam(learning_rate=0.03, epsilon=1e-8)
mask = y_train > 0
target = tf.constant((y_train - 1)[mask])
variables = list(W.values())


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        logits, _ = sasrec(x_train)
        loss = tf.reduce_mean(
            keras.losses.sparse_categorical_crossentropy(
                target, tf.boolean_mask(logits, mask), from_logits=True
            )
        )
    opt.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return loss


for step in range(60):
    loss = train_step()
    if step % 20 == 0 or step == 59:
        print(f"step {step:3d}  cross-entropy {float(loss):.3f}")
logits, att = sasrec(x_test)
sas = evaluate(logits[:, -1].numpy())
print("SASRec     HR@10 {:.3f}  NDCG@10 {:.3f}".format(*sas))
result = np.array(sas)

assert sas[0] > 0.78, "SASRec's HR@10 beats MF (0.750) and the next-episode rule"
assert sas[1] > 0.7, "its NDCG@10 is far above MF's (0.485)"
