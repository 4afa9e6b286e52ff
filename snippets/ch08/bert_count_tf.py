import keras
import numpy as np
from keras import layers, ops

SEED = 0
VOCAB, POSITIONS, SEGMENTS = (
    30_522,
    512,
    2,
)  # bert-base-uncased vocab.txt, max length, A/B
BASE = {"hidden": 768, "layers": 12, "heads": 12}
LARGE = {"hidden": 1024, "layers": 24, "heads": 16}
PAPER = {"base": 110e6, "large": 340e6}  # Devlin et al. 2019, section 3

keras.utils.set_random_seed(SEED)


def bert_params(hidden, layers, heads):
    h, ffn = hidden, 4 * hidden  # feed-forward size 4H; heads do not change the count
    embeddings = (VOCAB + POSITIONS + SEGMENTS) * h + 2 * h  # three tables + LayerNorm
    layer = (4 * h * h + 4 * h) + (2 * h * ffn + ffn + h) + 2 * (2 * h)
    pooler = h * h + h  # dense + tanh on the [CLS] vector
    # MLM head: dense + LayerNorm + output bias (its matrix is the tied token embedding);
    # NSP head: a 2-way classifier on the pooled vector
    mlm_nsp = (h * h + h) + 2 * h + VOCAB + (2 * h + 2)
    return {
        "embeddings": embeddings,
        "one encoder layer": layer,
        f"{layers} encoder layers": layers * layer,
        "pooler": pooler,
        "encoder + pooler": embeddings + layers * layer + pooler,
        "+ MLM and NSP heads": embeddings + layers * layer + pooler + mlm_nsp,
    }


def encoder_layer(hidden, heads):
    """One post-LN encoder layer, as in BERT: attention, then a GELU feed-forward net."""
    x_in = keras.Input((None, hidden))
    attention = layers.MultiHeadAttention(heads, key_dim=hidden // heads, dropout=0.1)
    x = layers.LayerNormalization(epsilon=1e-12)(x_in + attention(x_in, x_in))
    ffn = layers.Dense(hidden)(layers.Dense(4 * hidden, activation="gelu")(x))
    return keras.Model(x_in, layers.LayerNormalization(epsilon=1e-12)(x + ffn))


class Embeddings(layers.Layer):
    """Learned token, position and segment embeddings, summed, then LayerNorm."""

    def __init__(self, hidden):
        super().__init__()
        self.token = layers.Embedding(VOCAB, hidden)
        self.position = layers.Embedding(POSITIONS, hidden)
        self.segment = layers.Embedding(SEGMENTS, hidden)
        self.norm = layers.LayerNormalization(epsilon=1e-12)

    def call(self, ids, segments):
        positions = ops.arange(ops.shape(ids)[1])
        x = self.token(ids) + self.position(positions)[None] + self.segment(segments)
        return self.norm(x)


def bert(hidden, layers_, heads):
    ids = keras.Input((None,), dtype="int32")
    segments = keras.Input((None,), dtype="int32")
    embed = Embeddings(hidden)
    x = embed(ids, segments)
    stack = [encoder_layer(hidden, heads) for _ in range(layers_)]
    for layer in stack:
        x = layer(x)
    pooler = layers.Dense(hidden, activation="tanh")
    pooled = pooler(x[:, 0])  # the [CLS] vector
    model = keras.Model([ids, segments], [x, pooled])
    return model, embed, stack, pooler


model, embed, stack, pooler = bert(BASE["hidden"], BASE["layers"], BASE["heads"])
h = BASE["hidden"]
heads_in = keras.Input((h,))  # MLM transform + LayerNorm, and the NSP classifier
mlm_nsp_heads = keras.Model(
    heads_in,
    [
        layers.LayerNormalization()(layers.Dense(h, activation="gelu")(heads_in)),
        layers.Dense(2)(heads_in),
    ],
)
framework = {
    "embeddings": embed.count_params(),
    "one encoder layer": stack[0].count_params(),
    "12 encoder layers": sum(layer.count_params() for layer in stack),
    "pooler": pooler.count_params(),
    "encoder + pooler": model.count_params(),
    # the MLM decoder reuses the token embedding matrix; only its VOCAB biases are new
    "+ MLM and NSP heads": model.count_params() + mlm_nsp_heads.count_params() + VOCAB,
}
formula = bert_params(**BASE)
print(f"{'BERT-base':<22}{'formula':>13}{'Keras':>13}")
for name, n in framework.items():
    print(f"{name:<22}{formula[name]:>13,}{n:>13,}")

# One BERT-large layer built too; the whole model would take 1.3 GB
large_layer = encoder_layer(LARGE["hidden"], LARGE["heads"])
large = bert_params(**LARGE)
assert large_layer.count_params() == large["one encoder layer"], "BERT-large layer"
totals = {"base": formula["encoder + pooler"], "large": large["encoder + pooler"]}
for name, n in totals.items():
    print(
        f"{name}: {n:,} = {n / 1e6:.1f}M, paper {PAPER[name] / 1e6:.0f}M "
        f"({n / PAPER[name] - 1:+.1%})"
    )

rng = np.random.default_rng(SEED)  # a short input only: 8 tokens
ids = rng.integers(0, VOCAB, (1, 8))
sequence, pooled = model([ids, np.zeros_like(ids)], training=False)
print("sequence output", tuple(sequence.shape), "pooled output", tuple(pooled.shape))
share = formula["embeddings"] / formula["encoder + pooler"]
print(f"embeddings: {share:.1%} of BERT-base")

for name, n in framework.items():
    assert n == formula[name], f"{name}: Keras matches the formula"
assert formula["encoder + pooler"] == 109_482_240, "BERT-base encoder + pooler"
for name, n in totals.items():
    assert abs(n / PAPER[name] - 1) < 0.02, f"{name} is within 2% of the paper"
assert tuple(pooled.shape) == (1, h), "one pooled vector per input"
result = [formula[k] for k in formula]
