import math
import warnings

import keras
import numpy as np
from keras import layers, ops

SEED = 0
LENGTH, DIGITS = 6, 10  # the task: reverse a sequence of 6 digits
BOS, EOS, VOCAB = 10, 11, 12  # tokens: digits 0-9, begin and end of sequence
D_MODEL, HEADS, D_FF = 64, 4, 128
D_HEAD = D_MODEL // HEADS
N_TRAIN, N_TEST = 1024, 500
EPOCHS, BATCH, LR = 4, 64, 3e-3

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)
# The first cached step has one key (BOS itself), so its weight is exactly 1;
# Keras warns about a softmax over one element, which is what we want there.
warnings.filterwarnings("ignore", "You are using a softmax over axis")


def make_data(n):
    src = rng.integers(0, DIGITS, size=(n, LENGTH))
    target = np.concatenate([src[:, ::-1], np.full((n, 1), EOS)], axis=1)
    # teacher forcing: the decoder reads the target shifted right, BOS first
    dec_in = np.concatenate([np.full((n, 1), BOS), target[:, :-1]], axis=1)
    return src.astype("int32"), dec_in.astype("int32"), target.astype("int32")


src_train, dec_train, tgt_train = make_data(N_TRAIN)
src_test, dec_test, tgt_test = make_data(2 * N_TEST)
seen = (src_test[:, None] == src_train[None]).all(-1).any(-1)  # held out: unseen
src_test, dec_test, tgt_test = (
    a[~seen][:N_TEST] for a in (src_test, dec_test, tgt_test)
)

# PyTorch-like initialization; with Keras' defaults this task learns more slowly
normal = keras.initializers.RandomNormal(stddev=1.0)
uniform = keras.initializers.VarianceScaling(1 / 3, "fan_in", "uniform")


def dense(units, activation=None):
    return layers.Dense(units, activation=activation, kernel_initializer=uniform)


class Attention(layers.Layer):
    """Multi-head attention written out, so that the mask and the cache show."""

    def __init__(self):
        super().__init__()
        self.w_q, self.w_k, self.w_v, self.w_o = (dense(D_MODEL) for _ in range(4))

    def split(self, x):  # (batch, n, d_model) -> (batch, heads, n, d_head)
        x = ops.reshape(x, (ops.shape(x)[0], ops.shape(x)[1], HEADS, D_HEAD))
        return ops.transpose(x, (0, 2, 1, 3))

    def keys_values(self, x):
        return self.split(self.w_k(x)), self.split(self.w_v(x))

    def call(self, x, k, v, mask=None):
        q = self.split(self.w_q(x))
        scores = ops.matmul(q, ops.swapaxes(k, -2, -1)) / math.sqrt(D_HEAD)
        if mask is not None:  # True = may attend
            scores = ops.where(mask, scores, float("-inf"))
        out = ops.matmul(ops.softmax(scores, axis=-1), v)
        return self.w_o(ops.reshape(ops.transpose(out, (0, 2, 1, 3)), ops.shape(x)))


def ffn():
    return keras.Sequential([dense(D_FF, "relu"), dense(D_MODEL)])


class Seq2Seq(keras.Model):
    """One post-LN encoder layer and one post-LN decoder layer."""

    def __init__(self):
        super().__init__()
        self.tokens = layers.Embedding(VOCAB, D_MODEL, embeddings_initializer=normal)
        self.positions = layers.Embedding(  # learned positions
            LENGTH + 1, D_MODEL, embeddings_initializer=normal
        )
        self.enc_attn, self.enc_ffn = Attention(), ffn()
        self.self_attn, self.cross_attn, self.dec_ffn = Attention(), Attention(), ffn()
        self.norms = [layers.LayerNormalization(epsilon=1e-5) for _ in range(5)]
        self.out = dense(VOCAB)

    def embed(self, tokens, start):  # tokens sit at positions start, start + 1, ...
        positions = ops.arange(start, start + tokens.shape[1])
        return self.tokens(tokens) + self.positions(positions)

    def encode(self, src):
        x = self.embed(src, 0)
        x = self.norms[0](x + self.enc_attn(x, *self.enc_attn.keys_values(x)))
        return self.norms[1](x + self.enc_ffn(x))

    def decode(self, tokens, start, memory_kv, cache=None):
        """Logits for tokens at positions start, ...; cache: (K, V) of positions < start."""
        x = self.embed(tokens, start)
        k, v = self.self_attn.keys_values(x)
        if cache is not None:  # append the new keys/values to the cached ones
            k = ops.concatenate([cache[0], k], axis=2)
            v = ops.concatenate([cache[1], v], axis=2)
        query_pos = ops.arange(start, start + tokens.shape[1])
        causal = ops.arange(k.shape[2]) <= query_pos[:, None]  # key j <= query i
        x = self.norms[2](x + self.self_attn(x, k, v, causal))
        x = self.norms[3](x + self.cross_attn(x, *memory_kv))  # queries from here
        x = self.norms[4](x + self.dec_ffn(x))
        return self.out(x), (k, v)

    def call(self, inputs):  # training: all positions in one pass
        src, dec_in = inputs
        memory_kv = self.cross_attn.keys_values(self.encode(src))
        return self.decode(dec_in, 0, memory_kv)[0]


model = Seq2Seq()
model.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
model((src_train[:1], dec_train[:1]))  # create the weights,
model.optimizer.build(model.trainable_variables)  # then fit() traces only once
history = model.fit(
    (src_train, dec_train), tgt_train, batch_size=BATCH, epochs=EPOCHS, verbose=0
)
losses = [round(loss, 3) for loss in history.history["loss"]]
print("train loss per epoch:", losses)
count = {"positions": [0, 0], "cross K/V": [0, 0]}  # [without cache, with cache]


def next_token(logits):
    return ops.cast(ops.argmax(logits[:, -1], axis=-1), "int32")[:, None]


def greedy_without_cache(src):
    memory = model.encode(src)
    tokens = ops.full((len(src), 1), BOS, dtype="int32")
    step_logits = []
    for _t in range(LENGTH + 1):
        # the whole prefix again, and the cross-attention keys/values again
        logits, _ = model.decode(tokens, 0, model.cross_attn.keys_values(memory))
        count["positions"][0] += tokens.shape[1]
        count["cross K/V"][0] += 1
        step_logits.append(logits[:, -1])
        tokens = ops.concatenate([tokens, next_token(logits)], axis=1)
    return ops.convert_to_numpy(tokens[:, 1:]), ops.stack(step_logits, 1)


def greedy_with_cache(src):
    memory_kv = model.cross_attn.keys_values(model.encode(src))  # once per source
    count["cross K/V"][1] += 1
    token, cache = ops.full((len(src), 1), BOS, dtype="int32"), None
    generated, step_logits = [], []
    for t in range(LENGTH + 1):
        logits, cache = model.decode(token, t, memory_kv, cache)  # new token at t
        count["positions"][1] += token.shape[1]
        step_logits.append(logits[:, -1])
        token = next_token(logits)
        generated.append(token)
    tokens = ops.convert_to_numpy(ops.concatenate(generated, 1))
    return tokens, ops.stack(step_logits, 1), cache


def kv_cache_bytes(n_layers, n_heads, d_head, n_tokens, bytes_per_number):
    return 2 * n_layers * n_heads * d_head * n_tokens * bytes_per_number


forced = ops.convert_to_numpy(model((src_test, dec_test)))  # all positions at once
changed = dec_test.copy()
changed[:, 4:] = (changed[:, 4:] + 1) % DIGITS  # alter decoder inputs 4-6
forced_changed = ops.convert_to_numpy(model((src_test, changed)))
slow_tokens, slow_logits = greedy_without_cache(src_test)
fast_tokens, fast_logits, cache = greedy_with_cache(src_test)

moved = np.abs(forced - forced_changed).max(axis=(0, 2)) > 0  # per position
forced_acc = np.mean(forced.argmax(-1) == tgt_test)
token_acc = np.mean(fast_tokens == tgt_test)
exact_acc = np.mean((fast_tokens == tgt_test).all(-1))
max_diff = float(ops.max(ops.abs(slow_logits - fast_logits)))
same_tokens = np.array_equal(slow_tokens, fast_tokens)
cache_bytes = sum(ops.convert_to_numpy(c).nbytes for c in cache) // len(src_test)
steps = LENGTH + 1


def show(seq):
    return " ".join({BOS: "BOS", EOS: "EOS"}.get(int(t), str(int(t))) for t in seq)


print(
    "causal mask: changing decoder inputs 4-6 moves the logits",
    f"at positions 0-3: {bool(moved[:4].any())}, at 4-6: {bool(moved[4:].all())}",
)
print(f"teacher-forced token accuracy: {forced_acc:.2f}")
print(
    f"greedy decoding of {len(src_test)} held-out sequences:",
    f"token accuracy {token_acc:.2f}, exact sequences {exact_acc:.2f}",
)
print(
    f"cached vs uncached: logits agree within 1e-9: {max_diff < 1e-9},",
    f"same tokens: {same_tokens}",
)
without, with_cache = count["positions"]
print(f"decoder positions computed: {without} without cache, {with_cache} with")
without, with_cache = count["cross K/V"]
print(
    f"cross-attention keys/values computed: {without} times without cache,",
    f"{with_cache} with",
)
print(
    f"self-attention cache after {steps} steps: {cache_bytes} bytes per sequence",
    f"= 2 x 1 layer x {HEADS} heads x {D_HEAD} x {steps} tokens x 8 bytes",
)
big = kv_cache_bytes(32, 32, 128, 4096, 2) / 2**30
print(f"32 layers x 32 heads x 128, 4096 tokens, 16-bit: {big:.1f} GiB per sequence")
for i in range(2):
    print(show(src_test[i]), "->", show(fast_tokens[i]))

assert losses[-1] < losses[0] / 10, "training loss must fall"
assert not moved[:4].any() and moved[4:].all(), "the causal mask hides the future"
assert token_acc >= 0.95 and exact_acc >= 0.9, "the model must learn to reverse"
assert max_diff < 1e-9 and same_tokens, "the cache must not change the result"
assert cache_bytes == kv_cache_bytes(1, HEADS, D_HEAD, steps, 8), "the formula"
assert count == {"positions": [28, 7], "cross K/V": [7, 1]}, "1 + 2 + ... + 7"
assert big == 2.0, "2 x 32 x 32 x 128 x 4096 x 2 bytes = 2 GiB"
