import keras
from keras import layers

SEED = 0
VOCAB = 37_000  # shared source/target BPE vocabulary
BASE = {"d_model": 512, "heads": 8, "d_ff": 2048, "n_layers": 6}
BIG = {"d_model": 1024, "heads": 16, "d_ff": 4096, "n_layers": 6}
PAPER = {"base": 65e6, "big": 213e6}  # Vaswani et al. 2017, Table 3

keras.utils.set_random_seed(SEED)


def transformer_params(d_model, heads, d_ff, n_layers, vocab=VOCAB):
    d = d_model
    # Heads do not appear: h heads of size d/h have as many weights as one of size d.
    # W_Q, W_K, W_V, W_O with biases: frameworks add them, the paper's formulas don't
    attention = 4 * d * d + 4 * d
    ffn = 2 * d * d_ff + d_ff + d  # two linear layers with biases
    norm = 2 * d  # gain and bias of one LayerNorm
    encoder_layer = attention + ffn + 2 * norm
    decoder_layer = 2 * attention + ffn + 3 * norm  # self- and cross-attention
    embedding = vocab * d  # counted once: tied with the pre-softmax projection
    return {
        "embedding (shared)": embedding,
        "encoder layer": encoder_layer,
        "decoder layer": decoder_layer,
        "total": embedding + n_layers * (encoder_layer + decoder_layer),
    }


# One post-LN encoder layer and one decoder layer built by Keras: weights only.
d, heads, d_ff = BASE["d_model"], BASE["heads"], BASE["d_ff"]


def attention(query, value):
    return layers.MultiHeadAttention(num_heads=heads, key_dim=d // heads)(query, value)


def feed_forward(x):
    return layers.Dense(d)(layers.Dense(d_ff, activation="relu")(x))


src = keras.Input((None, d))
x = layers.LayerNormalization()(src + attention(src, src))
x = layers.LayerNormalization()(x + feed_forward(x))
encoder_layer = keras.Model(src, x)

tgt, memory = keras.Input((None, d)), keras.Input((None, d))
y = layers.LayerNormalization()(tgt + attention(tgt, tgt))
y = layers.LayerNormalization()(y + attention(y, memory))  # cross-attention
y = layers.LayerNormalization()(y + feed_forward(y))
decoder_layer = keras.Model([tgt, memory], y)

embedding = layers.Embedding(VOCAB, d)  # also the pre-softmax projection
embedding.build((None,))

formula = transformer_params(**BASE)
framework = {
    "embedding (shared)": embedding.count_params(),
    "encoder layer": encoder_layer.count_params(),
    "decoder layer": decoder_layer.count_params(),
}
framework["total"] = framework["embedding (shared)"] + BASE["n_layers"] * (
    framework["encoder layer"] + framework["decoder layer"]
)
print(f"{'base model':<20}{'formula':>12}{'Keras':>12}")
for name, n in framework.items():
    print(f"{name:<20}{formula[name]:>12,}{n:>12,}")

totals = {"base": formula["total"], "big": transformer_params(**BIG)["total"]}
for name, n in totals.items():
    ours, paper = n / 1e6, PAPER[name] / 1e6
    print(f"{name}: formula {ours:.1f}M, paper {paper:.0f}M ({ours / paper - 1:+.1%})")

for name, n in framework.items():
    assert n == formula[name], f"{name}: Keras matches the formula"
for name, n in totals.items():
    assert abs(n / PAPER[name] - 1) < 0.05, f"{name} is within 5% of the paper"

# Where the parameters live: the FFN holds about 2/3 of a layer, the embedding 30%
ffn = 2 * BASE["d_model"] * BASE["d_ff"] + BASE["d_ff"] + BASE["d_model"]
assert abs(ffn / formula["encoder layer"] - 2 / 3) < 0.01, "FFN: about 2/3"
assert abs(formula["embedding (shared)"] / formula["total"] - 0.3) < 0.01, "about 30%"
