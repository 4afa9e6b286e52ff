import torch
from torch import nn

SEED = 0
VOCAB = 37_000  # shared source/target BPE vocabulary
BASE = {"d_model": 512, "heads": 8, "d_ff": 2048, "n_layers": 6}
BIG = {"d_model": 1024, "heads": 16, "d_ff": 4096, "n_layers": 6}
PAPER = {"base": 65e6, "big": 213e6}  # Vaswani et al. 2017, Table 3

torch.manual_seed(SEED)


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


def count(module):
    return sum(p.numel() for p in module.parameters())


# The same model built by PyTorch: weights only, no forward pass.
transformer = nn.Transformer(
    d_model=BASE["d_model"],
    nhead=BASE["heads"],
    num_encoder_layers=BASE["n_layers"],
    num_decoder_layers=BASE["n_layers"],
    dim_feedforward=BASE["d_ff"],
    batch_first=True,
)
embedding = nn.Embedding(VOCAB, BASE["d_model"])  # also the pre-softmax projection

formula = transformer_params(**BASE)
framework = {
    "embedding (shared)": count(embedding),
    "encoder layer": count(transformer.encoder.layers[0]),
    "decoder layer": count(transformer.decoder.layers[0]),
    # nn.Transformer ends each stack with a LayerNorm; the paper's post-LN model
    # has none, so these 2 * (2 * d_model) parameters are PyTorch's extra.
    "final LayerNorms": count(transformer.encoder.norm)
    + count(transformer.decoder.norm),
    "total": count(embedding) + count(transformer),
}
print(f"{'base model':<20}{'formula':>12}{'PyTorch':>12}")
for name, n in framework.items():
    print(f"{name:<20}{formula.get(name, 0):>12,}{n:>12,}")

totals = {"base": formula["total"], "big": transformer_params(**BIG)["total"]}
for name, n in totals.items():
    ours, paper = n / 1e6, PAPER[name] / 1e6
    print(f"{name}: formula {ours:.1f}M, paper {paper:.0f}M ({ours / paper - 1:+.1%})")

extra = framework["final LayerNorms"]
assert extra == 2 * (2 * BASE["d_model"]), "PyTorch adds two final LayerNorms"
for name in ["embedding (shared)", "encoder layer", "decoder layer"]:
    assert framework[name] == formula[name], f"{name}: PyTorch matches the formula"
assert framework["total"] - extra == formula["total"], "totals match"
for name, n in totals.items():
    assert abs(n / PAPER[name] - 1) < 0.05, f"{name} is within 5% of the paper"

# Where the parameters live: the FFN holds about 2/3 of a layer, the embedding 30%
ffn = 2 * BASE["d_model"] * BASE["d_ff"] + BASE["d_ff"] + BASE["d_model"]
assert abs(ffn / formula["encoder layer"] - 2 / 3) < 0.01, "FFN: about 2/3"
assert abs(formula["embedding (shared)"] / formula["total"] - 0.3) < 0.01, "about 30%"
