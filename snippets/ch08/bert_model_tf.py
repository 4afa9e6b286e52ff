import keras
import numpy as np
from keras import layers, ops

V, P, S = 1000, 64, 2  # vocabulary, positions, segments (sentence A / B)
H, L, A, F = 128, 2, 2, 512  # hidden size, layers, heads, feed-forward size (4H)
keras.utils.set_random_seed(0)


class Bert(keras.Model):
    def __init__(self):
        super().__init__()
        self.tokens = layers.Embedding(V, H)
        self.positions = layers.Embedding(P, H)  # learned, not sinusoidal
        self.segments = layers.Embedding(S, H)
        self.emb_norm, self.emb_drop = (
            layers.LayerNormalization(epsilon=1e-12),
            layers.Dropout(0.1),
        )
        self.blocks = [
            (
                layers.MultiHeadAttention(A, H // A, dropout=0.1),
                layers.LayerNormalization(epsilon=1e-12),
                layers.Dense(F, activation="gelu"),
                layers.Dense(H),
                layers.LayerNormalization(epsilon=1e-12),
                layers.Dropout(0.1),
            )
            for _ in range(L)
        ]
        # MLM head: dense + GELU + LayerNorm, then the tied output matrix + bias
        self.mlm_dense = layers.Dense(H, activation="gelu")
        self.mlm_norm = layers.LayerNormalization(epsilon=1e-12)
        self.mlm_bias = self.add_weight(
            shape=(V,), initializer="zeros", name="mlm_bias"
        )
        # NSP head: the pooler (dense + tanh on [CLS]) and a 2-way classifier
        self.pooler, self.nsp = layers.Dense(H, activation="tanh"), layers.Dense(2)

    def call(self, ids, segment_ids, training=False):
        pos = ops.arange(ids.shape[1])
        x = self.tokens(ids) + self.positions(pos) + self.segments(segment_ids)
        h = self.emb_drop(self.emb_norm(x), training=training)
        for attention, norm1, ff1, ff2, norm2, drop in self.blocks:  # Post-LN
            h = norm1(h + attention(h, h, training=training))
            h = norm2(h + drop(ff2(ff1(h)), training=training))
        z = self.mlm_norm(self.mlm_dense(h))
        mlm = ops.matmul(z, ops.transpose(self.tokens.embeddings)) + self.mlm_bias
        nsp = self.nsp(self.pooler(h[:, 0]))
        return mlm, nsp


model = Bert()
rng = np.random.default_rng(0)
ids = rng.integers(4, V, (2, 16))
segment_ids = np.repeat([[0] * 8 + [1] * 8], 2, axis=0)
mlm, nsp = model(ids, segment_ids)
print("MLM logits:", tuple(mlm.shape), " NSP logits:", tuple(nsp.shape))

embeddings = (V + P + S) * H + 2 * H  # three tables + LayerNorm
per_layer = (4 * H * H + 4 * H) + (2 * H * F + F + H) + 2 * 2 * H
mlm_head = (H * H + H) + 2 * H + V  # dense, LayerNorm, output bias (matrix is tied)
nsp_head = (H * H + H) + (2 * H + 2)  # pooler, classifier
formula = embeddings + L * per_layer + mlm_head + nsp_head
counted = model.count_params()
untied = counted + V * H
print(
    f"formula: {embeddings:,} + {L} x {per_layer:,} + {mlm_head:,} + {nsp_head:,}"
    f" = {formula:,}"
)
print(f"counted: {counted:,}  (without tying it would be {untied:,})")
# The MLM output uses the embedding variable itself: no second V x H matrix exists.
big = [w for w in model.weights if tuple(w.shape) == (V, H)]
print(
    "MLM output matrix is the token embedding:",
    len(big) == 1 and big[0] is model.tokens.embeddings,
)
result = counted  # the same count in the PyTorch version

assert len(big) == 1 and big[0] is model.tokens.embeddings, "the output matrix is tied"
assert counted == formula, "the parameter count matches the formula"
