import numpy as np
import torch
from torch import nn

V, P, S = 1000, 64, 2  # vocabulary, positions, segments (sentence A / B)
H, L, A, F = 128, 2, 2, 512  # hidden size, layers, heads, feed-forward size (4H)
torch.manual_seed(0)


class Bert(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(V, H)
        self.positions = nn.Embedding(P, H)  # learned, not sinusoidal
        self.segments = nn.Embedding(S, H)
        self.emb_norm, self.emb_drop = nn.LayerNorm(H, eps=1e-12), nn.Dropout(0.1)
        layer = nn.TransformerEncoderLayer(
            H,
            A,
            F,
            dropout=0.1,
            activation="gelu",
            layer_norm_eps=1e-12,
            batch_first=True,
            norm_first=False,  # Post-LN, as in BERT
        )
        self.encoder = nn.TransformerEncoder(layer, L, enable_nested_tensor=False)
        # MLM head: dense + GELU + LayerNorm, then the tied output matrix + bias
        self.mlm_dense, self.mlm_norm = nn.Linear(H, H), nn.LayerNorm(H, eps=1e-12)
        self.mlm_out = nn.Linear(H, V)
        self.mlm_out.weight = self.tokens.weight  # weight tying: one shared tensor
        # NSP head: the pooler (dense + tanh on [CLS]) and a 2-way classifier
        self.pooler, self.nsp = nn.Linear(H, H), nn.Linear(H, 2)

    def forward(self, ids, segment_ids):
        pos = torch.arange(ids.shape[1])
        x = self.tokens(ids) + self.positions(pos) + self.segments(segment_ids)
        h = self.encoder(self.emb_drop(self.emb_norm(x)))
        mlm = self.mlm_out(self.mlm_norm(nn.functional.gelu(self.mlm_dense(h))))
        nsp = self.nsp(torch.tanh(self.pooler(h[:, 0])))
        return mlm, nsp


model = Bert().eval()
rng = np.random.default_rng(0)
ids = torch.from_numpy(rng.integers(4, V, (2, 16)))
segment_ids = torch.from_numpy(np.repeat([[0] * 8 + [1] * 8], 2, axis=0))
mlm, nsp = model(ids, segment_ids)
print("MLM logits:", tuple(mlm.shape), " NSP logits:", tuple(nsp.shape))

embeddings = (V + P + S) * H + 2 * H  # three tables + LayerNorm
per_layer = (4 * H * H + 4 * H) + (2 * H * F + F + H) + 2 * 2 * H
mlm_head = (H * H + H) + 2 * H + V  # dense, LayerNorm, output bias (matrix is tied)
nsp_head = (H * H + H) + (2 * H + 2)  # pooler, classifier
formula = embeddings + L * per_layer + mlm_head + nsp_head
counted = sum(p.numel() for p in model.parameters())  # a shared tensor counts once
untied = counted + V * H
print(
    f"formula: {embeddings:,} + {L} x {per_layer:,} + {mlm_head:,} + {nsp_head:,}"
    f" = {formula:,}"
)
print(f"counted: {counted:,}  (without tying it would be {untied:,})")
print(
    "MLM output matrix is the token embedding:",
    model.mlm_out.weight is model.tokens.weight,
)
result = counted  # the same count in the TensorFlow version

assert model.mlm_out.weight is model.tokens.weight, "the output matrix is tied"
assert model.mlm_out.weight.data_ptr() == model.tokens.weight.data_ptr(), "same storage"
assert counted == formula, "the parameter count matches the formula"
