import torch
from torch import nn

SEED = 0
VOCAB, POSITIONS, SEGMENTS = (
    30_522,
    512,
    2,
)  # bert-base-uncased vocab.txt, max length, A/B
BASE = {"hidden": 768, "layers": 12, "heads": 12}
LARGE = {"hidden": 1024, "layers": 24, "heads": 16}
PAPER = {"base": 110e6, "large": 340e6}  # Devlin et al. 2019, section 3

torch.manual_seed(SEED)


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


class Bert(nn.Module):
    """BERT-base: learned token, position and segment embeddings, post-LN encoder."""

    def __init__(self, hidden, layers, heads):
        super().__init__()
        self.token = nn.Embedding(VOCAB, hidden)
        self.position = nn.Embedding(POSITIONS, hidden)
        self.segment = nn.Embedding(SEGMENTS, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        layer = nn.TransformerEncoderLayer(
            hidden,
            heads,
            dim_feedforward=4 * hidden,
            dropout=0.1,
            activation="gelu",
            batch_first=True,
            norm_first=False,
            layer_norm_eps=1e-12,
        )  # post-LN, as in BERT; no final LayerNorm after the stack
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.pooler = nn.Linear(hidden, hidden)

    def forward(self, ids, segments):
        positions = torch.arange(ids.shape[1])
        x = self.token(ids) + self.position(positions) + self.segment(segments)
        x = self.encoder(self.norm(x))
        return x, torch.tanh(self.pooler(x[:, 0]))  # sequence, pooled [CLS]


def count(module):
    return sum(p.numel() for p in module.parameters())


bert = Bert(**BASE).eval()
h = BASE["hidden"]
mlm_nsp_heads = nn.ModuleList([nn.Linear(h, h), nn.LayerNorm(h), nn.Linear(h, 2)])
framework = {
    "embeddings": count(bert.token)
    + count(bert.position)
    + count(bert.segment)
    + count(bert.norm),
    "one encoder layer": count(bert.encoder.layers[0]),
    "12 encoder layers": count(bert.encoder),
    "pooler": count(bert.pooler),
    "encoder + pooler": count(bert),
    # the MLM decoder reuses bert.token.weight; only its VOCAB biases are new
    "+ MLM and NSP heads": count(bert) + count(mlm_nsp_heads) + VOCAB,
}
formula = bert_params(**BASE)
print(f"{'BERT-base':<22}{'formula':>13}{'PyTorch':>13}")
for name, n in framework.items():
    print(f"{name:<22}{formula[name]:>13,}{n:>13,}")

# One BERT-large layer built too; the whole model would take 1.3 GB
large_layer = nn.TransformerEncoderLayer(1024, 16, 4096, activation="gelu")
large = bert_params(**LARGE)
assert count(large_layer) == large["one encoder layer"], "BERT-large layer matches"
totals = {"base": formula["encoder + pooler"], "large": large["encoder + pooler"]}
for name, n in totals.items():
    print(
        f"{name}: {n:,} = {n / 1e6:.1f}M, paper {PAPER[name] / 1e6:.0f}M "
        f"({n / PAPER[name] - 1:+.1%})"
    )

with torch.no_grad():  # a short input only: 8 tokens
    ids = torch.randint(0, VOCAB, (1, 8))
    sequence, pooled = bert(ids, torch.zeros_like(ids))
print("sequence output", tuple(sequence.shape), "pooled output", tuple(pooled.shape))
share = formula["embeddings"] / formula["encoder + pooler"]
print(f"embeddings: {share:.1%} of BERT-base")

for name, n in framework.items():
    assert n == formula[name], f"{name}: PyTorch matches the formula"
assert formula["encoder + pooler"] == 109_482_240, "BERT-base encoder + pooler"
for name, n in totals.items():
    assert abs(n / PAPER[name] - 1) < 0.02, f"{name} is within 2% of the paper"
assert tuple(pooled.shape) == (1, h), "one pooled vector per input"
result = [formula[k] for k in formula]
