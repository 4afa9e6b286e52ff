import math
import warnings
from collections import Counter

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

SEED = 0
# book: tolerance ±0.02
keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)
# The first decoding step attends over one key, so its weight is exactly 1;
# Keras warns about a softmax over one element, which is what we want there.
warnings.filterwarnings("ignore", "You are using a softmax over axis")

# A toy language with subject-object-verb order and role particles (ga, o),
# translated into English subject-verb-object order.
NOUNS = [("neko", "cat"), ("inu", "dog"), ("tori", "bird"), ("kitsune", "fox")]
ADJS = [("", ""), ("ookii", "big"), ("chiisai", "small"), ("akai", "red")]
VERBS = [("miru", "sees"), ("ou", "chases"), ("suku", "likes"), ("niramu", "glares at")]
SRC_WORDS = ["<pad>", "ga", "o"] + [w for w, _ in NOUNS + ADJS[1:] + VERBS]
TGT_WORDS = ["<pad>", "<bos>", "<eos>", "the", "at"]
TGT_WORDS += [e for _, e in NOUNS + ADJS[1:] + VERBS[:3]] + ["glares"]
SRC_ID = {w: i for i, w in enumerate(SRC_WORDS)}
TGT_ID = {w: i for i, w in enumerate(TGT_WORDS)}
PAD, BOS, EOS = 0, 1, 2
S_LEN, T_LEN = 7, 10  # longest source; longest target with EOS, plus one
D_MODEL, HEADS, D_FF = 32, 2, 64
# Keras (its Adam, its initial weights) needs more epochs than PyTorch here
N_TRAIN, N_TEST, EPOCHS, BATCH, LR = 600, 200, 10, 50, 5e-3


def sentence():
    s, o = rng.choice(len(NOUNS), 2, replace=False)
    a_s, a_o, v = rng.integers(len(ADJS)), rng.integers(len(ADJS)), rng.integers(4)
    subj = [ADJS[a_s][0], NOUNS[s][0], "ga"]
    obj = [ADJS[a_o][0], NOUNS[o][0], "o"]
    phrases = subj + obj if rng.random() < 0.5 else obj + subj  # free order
    src = [w for w in phrases + [VERBS[v][0]] if w]
    tgt = ["the", ADJS[a_s][1], NOUNS[s][1], VERBS[v][1], "the", ADJS[a_o][1]]
    tgt = " ".join(tgt + [NOUNS[o][1]]).split()  # drops empty adjectives
    return src, tgt


pairs = {}
while len(pairs) < N_TRAIN + N_TEST:  # distinct sentences: the test set is unseen
    src, tgt = sentence()
    pairs[" ".join(src)] = tgt
pairs = list(pairs.items())
train, test = pairs[:N_TRAIN], pairs[N_TRAIN:]


def encode(data):
    src = np.zeros((len(data), S_LEN), dtype=np.int32)
    tgt = np.zeros((len(data), T_LEN), dtype=np.int32)
    for i, (s, t) in enumerate(data):
        src[i, : len(s.split())] = [SRC_ID[w] for w in s.split()]
        ids = [BOS] + [TGT_ID[w] for w in t] + [EOS]
        tgt[i, : len(ids)] = ids
    return src, tgt


src_train, tgt_train = encode(train)
src_test, tgt_test = encode(test)

# PyTorch-like initialization; with Keras' defaults this task learns more slowly
normal = keras.initializers.RandomNormal(stddev=1.0)
uniform = keras.initializers.VarianceScaling(1 / 3, "fan_in", "uniform")


def dense(units, activation=None):
    return layers.Dense(units, activation=activation, kernel_initializer=uniform)


class Attention(layers.Layer):
    def __init__(self):
        super().__init__()
        self.w_q, self.w_k, self.w_v, self.w_o = (dense(D_MODEL) for _ in range(4))

    def split(self, x):  # (batch, n, d_model) -> (batch, heads, n, d_head)
        x = ops.reshape(x, (ops.shape(x)[0], ops.shape(x)[1], HEADS, -1))
        return ops.transpose(x, (0, 2, 1, 3))

    def call(self, x, memory, mask):  # mask: True = may attend
        q = self.split(self.w_q(x))
        k, v = self.split(self.w_k(memory)), self.split(self.w_v(memory))
        scores = ops.matmul(q, ops.swapaxes(k, -2, -1)) / math.sqrt(D_MODEL // HEADS)
        out = ops.matmul(ops.softmax(ops.where(mask, scores, -math.inf), -1), v)
        return self.w_o(ops.reshape(ops.transpose(out, (0, 2, 1, 3)), ops.shape(x)))


def ffn():
    return keras.Sequential([dense(D_FF, "relu"), dense(D_MODEL)])


class Translator(keras.Model):
    """One post-LN encoder layer and one post-LN decoder layer, as in 7.6."""

    def __init__(self):
        super().__init__()

        def emb(n):
            return layers.Embedding(n, D_MODEL, embeddings_initializer=normal)

        self.src_emb, self.tgt_emb = emb(len(SRC_WORDS)), emb(len(TGT_WORDS))
        self.pos = emb(T_LEN)
        self.enc_attn, self.enc_ffn = Attention(), ffn()
        self.self_attn, self.cross_attn, self.dec_ffn = Attention(), Attention(), ffn()
        self.norms = [layers.LayerNormalization(epsilon=1e-5) for _ in range(5)]
        self.out = dense(len(TGT_WORDS))
        self.can_emit = np.arange(len(TGT_WORDS)) > BOS  # never <pad> or <bos>

    def encode(self, src):
        keep = (src != PAD)[:, None, None, :]  # padding mask over source keys
        x = self.src_emb(src) + self.pos(ops.arange(src.shape[1]))
        x = self.norms[0](x + self.enc_attn(x, x, keep))
        return self.norms[1](x + self.enc_ffn(x)), keep

    def decode(self, tokens, memory, keep):  # log-probabilities of the next words
        n = tokens.shape[1]
        x = self.tgt_emb(tokens) + self.pos(ops.arange(n))
        causal = np.tril(np.ones((n, n), dtype=bool))
        x = self.norms[2](x + self.self_attn(x, x, causal))
        x = self.norms[3](x + self.cross_attn(x, memory, keep))
        logits = self.out(self.norms[4](x + self.dec_ffn(x)))
        return ops.log_softmax(ops.where(self.can_emit, logits, -math.inf), -1)

    def call(self, src, tokens):
        return self.decode(tokens, *self.encode(src))


model = Translator()
optimizer = keras.optimizers.Adam(LR)
model(src_train[:1], tgt_train[:1, :-1])  # create the weights,
optimizer.build(model.trainable_variables)  # so that train_step traces once


@tf.function
def train_step(src, tgt):
    target = tgt[:, 1:]
    with tf.GradientTape() as tape:
        logp = model(src, tgt[:, :-1])
        picked = tf.gather(logp, target, batch_dims=2)
        loss = -tf.reduce_mean(tf.boolean_mask(picked, target != PAD))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))


for _epoch in range(EPOCHS):
    order = rng.permutation(N_TRAIN)
    for start in range(0, N_TRAIN, BATCH):
        idx = order[start : start + BATCH]
        train_step(src_train[idx], tgt_train[idx])


def greedy(src):
    memory, keep = model.encode(src)
    tokens, score = np.full((len(src), 1), BOS), np.zeros(len(src))
    done = np.zeros(len(src), dtype=bool)
    for _t in range(T_LEN - 1):
        logp = ops.convert_to_numpy(model.decode(tokens, memory, keep)[:, -1])
        best = logp.argmax(-1)
        score += np.where(done, 0.0, logp.max(-1))
        tokens = np.concatenate([tokens, np.where(done, PAD, best)[:, None]], 1)
        done |= best == EOS
    return tokens[:, 1:], score


def beam_search(src, width, alpha=0.0):
    n, vocab = len(src), len(TGT_WORDS)
    memory, keep = (ops.repeat(a, width, axis=0) for a in model.encode(src))
    tokens = np.full((n * width, 1), BOS)
    score = np.full((n, width), -math.inf)
    score[:, 0] = 0.0  # one live hypothesis to start with
    done = np.zeros(n * width, dtype=bool)
    for _t in range(T_LEN - 1):
        logp = ops.convert_to_numpy(model.decode(tokens, memory, keep)[:, -1])
        logp[done] = -math.inf
        logp[done, PAD] = 0.0  # a finished hypothesis only grows <pad>, for free
        total = (score.reshape(-1, 1) + logp).reshape(n, width * vocab)
        score, flat = (ops.convert_to_numpy(a) for a in ops.top_k(total, width))
        rows = (np.arange(n)[:, None] * width + flat // vocab).reshape(-1)
        word = (flat % vocab).reshape(-1, 1)
        tokens = np.concatenate([tokens[rows], word], 1)
        done = done[rows] | (word[:, 0] == EOS)
    length = (tokens[:, 1:] != PAD).sum(1).reshape(n, width)
    penalty = ((5 + length) / 6) ** alpha  # Wu et al. (2016); alpha = 0: none
    best = (score / penalty).argmax(1)
    pick = np.arange(n) * width + best
    return tokens[pick, 1:], score[np.arange(n), best]


def words(ids):
    out = []
    for i in ids.tolist():
        if i == EOS:
            break
        out.append(TGT_WORDS[i])
    return out


def bleu(hyps, refs, max_n=4):  # corpus BLEU: Papineni et al. (2002)
    matches, totals = [0] * max_n, [0] * max_n
    for h, r in zip(hyps, refs):
        for n in range(1, max_n + 1):
            hc = Counter(tuple(h[i : i + n]) for i in range(len(h) - n + 1))
            rc = Counter(tuple(r[i : i + n]) for i in range(len(r) - n + 1))
            matches[n - 1] += sum(min(c, rc[g]) for g, c in hc.items())
            totals[n - 1] += max(len(h) - n + 1, 0)
    if min(matches) == 0:
        return 0.0
    log_p = sum(math.log(m / t) for m, t in zip(matches, totals)) / max_n
    h_len, r_len = sum(map(len, hyps)), sum(map(len, refs))
    return math.exp(min(0.0, 1 - r_len / h_len) + log_p)


refs = [t for _, t in test]
g_tokens, g_score = greedy(src_test)
b1_tokens, b1_score = beam_search(src_test, 1)
b4_tokens, b4_score = beam_search(src_test, 4)
n4_tokens, _ = beam_search(src_test, 4, alpha=0.6)
rows = {"greedy": g_tokens, "beam 4": b4_tokens, "beam 4, alpha 0.6": n4_tokens}
scores = {}
for name, toks in rows.items():
    hyps = [words(t) for t in toks]
    exact = np.mean([h == r for h, r in zip(hyps, refs)])
    scores[name] = bleu(hyps, refs)
    print(f"{name:18s} BLEU {scores[name]:.3f}   exact matches {exact:.3f}")

same_as_greedy = np.array_equal(b1_tokens, g_tokens)
gain = b4_score - g_score
same_scores = bool(np.abs(b1_score - g_score).max() < 1e-9)
print("beam width 1 = greedy:", same_as_greedy and same_scores)
print(
    f"beam 4 scores higher than greedy on {(gain > 1e-9).sum()}",
    f"of {N_TEST} sentences, lower on {(gain < -1e-9).sum()}",
)
i = int(gain.argmax())
print("source:", test[i][0])
print("greedy:", " ".join(words(g_tokens[i])), f"(log p {g_score[i]:.2f})")
print("beam 4:", " ".join(words(b4_tokens[i])), f"(log p {b4_score[i]:.2f})")

assert same_as_greedy, "beam search of width 1 is greedy decoding"
assert same_scores, "and gets the same scores"
assert (gain >= -1e-9).all(), "here beam 4 never scores below greedy"
assert scores["greedy"] > 0.9, "the model has learned to translate"
