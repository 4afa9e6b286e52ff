import torch
from torch import nn

SEED = 0
VOCAB, POSITIONS, SEGMENTS = 30_000, 512, 2  # ALBERT's SentencePiece vocabulary
E, H, L, HEADS = 128, 768, 12, 12  # ALBERT-base (Lan et al. 2020, Table 1)

torch.manual_seed(SEED)


def layer_params(h):  # one post-LN encoder layer with a 4H feed-forward network
    return (4 * h * h + 4 * h) + (2 * h * 4 * h + 4 * h + h) + 2 * (2 * h)


def embedding_params(width):  # token, position and segment tables + LayerNorm
    return (VOCAB + POSITIONS + SEGMENTS) * width + 2 * width


class Albert(nn.Module):
    """Factorized embeddings (width E) projected to H, and ONE layer used L times."""

    def __init__(self):
        super().__init__()
        self.token = nn.Embedding(VOCAB, E)
        self.position = nn.Embedding(POSITIONS, E)
        self.segment = nn.Embedding(SEGMENTS, E)
        self.norm = nn.LayerNorm(E, eps=1e-12)
        self.project = nn.Linear(E, H)  # the factorization: V x E, then E x H
        self.layer = nn.TransformerEncoderLayer(
            H, HEADS, 4 * H, activation="gelu", batch_first=True
        )
        self.pooler = nn.Linear(H, H)

    def forward(self, ids, segments):
        positions = torch.arange(ids.shape[1])
        x = self.token(ids) + self.position(positions) + self.segment(segments)
        x = self.project(self.norm(x))
        for _ in range(L):  # cross-layer sharing: the same weights, L times
            x = self.layer(x)
        return x, torch.tanh(self.pooler(x[:, 0]))


def count(module):
    return sum(p.numel() for p in module.parameters())


albert = Albert().eval()
formula = {
    "embeddings (E=128)": embedding_params(E),
    "projection E -> H": E * H + H,
    f"one shared layer, used {L}x": layer_params(H),
    "pooler": H * H + H,
}
formula["ALBERT-base"] = sum(formula.values())
framework = {
    "embeddings (E=128)": count(albert.token)
    + count(albert.position)
    + count(albert.segment)
    + count(albert.norm),
    "projection E -> H": count(albert.project),
    f"one shared layer, used {L}x": count(albert.layer),
    "pooler": count(albert.pooler),
    "ALBERT-base": count(albert),
}
print(f"{'':<28}{'formula':>12}{'PyTorch':>12}")
for name, n in framework.items():
    print(f"{name:<28}{formula[name]:>12,}{n:>12,}")

bert = embedding_params(H) + L * layer_params(H) + H * H + H  # same vocabulary
saved_factorizing = (
    embedding_params(H) - formula["embeddings (E=128)"] - formula["projection E -> H"]
)
saved_sharing = (L - 1) * layer_params(H)
print(f"BERT-base, same vocabulary  {bert:>12,}")
print(f"  factorizing saves         {saved_factorizing:>12,}")
print(f"  sharing saves             {saved_sharing:>12,}")

# Compute per token in the dense layers (attention scores add the same to both)
macs_bert = L * 12 * H * H  # Q, K, V, O: 4H^2; feed-forward: 8H^2
macs_albert = macs_bert + E * H  # plus the projection
print(
    f"multiply-adds per token: BERT-base {macs_bert:,}, ALBERT-base {macs_albert:,} "
    f"({macs_albert / macs_bert - 1:+.1%})"
)

with torch.no_grad():  # the shared layer really runs 12 times: 8 tokens only
    ids = torch.randint(0, VOCAB, (1, 8))
    sequence, pooled = albert(ids, torch.zeros_like(ids))
print("sequence output", tuple(sequence.shape))

for name, n in framework.items():
    assert n == formula[name], f"{name}: PyTorch matches the formula"
assert abs(formula["ALBERT-base"] / 12e6 - 1) < 0.05, "the paper's 12M"
assert abs(bert / 108e6 - 1) < 0.02, "the paper's 108M for BERT-base"
assert bert - saved_factorizing - saved_sharing == formula["ALBERT-base"], (
    "savings add up"
)
assert macs_albert / macs_bert - 1 < 0.002, "ALBERT-base computes as much as BERT-base"
result = [formula[k] for k in formula] + [bert, macs_bert, macs_albert]
