import math

import numpy as np
import torch
import torch.nn.functional as F

SEED = 0
BATCH, LENGTH, D_K = 2, 5, 8
VALID_LENGTHS = [5, 3]  # sequence 1 ends with two padding tokens

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

q, k, v = (
    torch.from_numpy(a)
    for a in rng.standard_normal((3, BATCH, LENGTH, D_K)).astype(np.float32)
)


def attention(q, k, v, mask=None):
    """softmax(Q K^T / sqrt(d_k)) V. mask: boolean, True = may attend."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


# Padding mask (batch, 1, keys): True for real tokens, the same for every query
pad_mask = torch.arange(LENGTH) < torch.tensor(VALID_LENGTHS)[:, None]
pad_mask = pad_mask[:, None, :]
# Causal mask (queries, keys): query i may attend to keys 0..i
causal_mask = torch.tril(torch.ones(LENGTH, LENGTH, dtype=torch.bool))

out_pad, w_pad = attention(q, k, v, pad_mask)
out_causal, w_causal = attention(q, k, v, causal_mask)

# PyTorch's own kernel; in its boolean attn_mask, True also means "may attend"
ref_pad = F.scaled_dot_product_attention(q, k, v, attn_mask=pad_mask)
ref_causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)

w_pad, w_causal = w_pad.numpy(), w_causal.numpy()
pad_keep = np.broadcast_to(pad_mask.numpy(), w_pad.shape)
causal_keep = np.broadcast_to(causal_mask.numpy(), w_causal.shape)
diff_pad = (out_pad - ref_pad).abs().max().item()
diff_causal = (out_causal - ref_causal).abs().max().item()
result = out_pad.numpy()

print("Q, K, V:", tuple(q.shape), "output:", tuple(out_pad.shape))
print("weights:", w_pad.shape)
with np.printoptions(precision=3, suppress=True):
    print("padding mask, sequence 1 (keys 3, 4 are padding):")
    print(w_pad[1])
    print("causal mask, sequence 0:")
    print(w_causal[0])
print("every row sums to 1:", bool(np.allclose(w_pad.sum(-1), 1, atol=1e-6)))
print("matches the built-in (padding, causal):", diff_pad < 1e-6, diff_causal < 1e-6)

assert np.all(w_pad[~pad_keep] == 0.0), "padding keys must get exactly 0 weight"
assert np.all(w_pad[pad_keep] > 0.0), "real keys must get some weight"
assert np.all(w_causal[~causal_keep] == 0.0), "future keys must get exactly 0 weight"
for w in (w_pad, w_causal):
    assert np.allclose(w.sum(axis=-1), 1.0, atol=1e-6), "rows must sum to 1"
assert torch.allclose(out_causal[:, 0], v[:, 0], atol=1e-6), "query 0 sees only key 0"
assert diff_pad < 1e-6 and diff_causal < 1e-6, "must match the built-in"
