import math

import keras
import numpy as np
from keras import ops

SEED = 0
BATCH, LENGTH, D_K = 2, 5, 8
VALID_LENGTHS = [5, 3]  # sequence 1 ends with two padding tokens

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)

q, k, v = (
    ops.convert_to_tensor(a)
    for a in rng.standard_normal((3, BATCH, LENGTH, D_K)).astype(np.float32)
)


def attention(q, k, v, mask=None):
    """softmax(Q K^T / sqrt(d_k)) V. mask: boolean, True = may attend."""
    scores = ops.matmul(q, ops.swapaxes(k, -2, -1)) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = ops.where(mask, scores, float("-inf"))
    weights = ops.softmax(scores, axis=-1)
    return ops.matmul(weights, v), weights


# Padding mask (batch, 1, keys): True for real tokens, the same for every query
pad_mask = ops.arange(LENGTH) < ops.convert_to_tensor(VALID_LENGTHS)[:, None]
pad_mask = pad_mask[:, None, :]
# Causal mask (queries, keys): query i may attend to keys 0..i
causal_mask = ops.tril(ops.ones((LENGTH, LENGTH), dtype="bool"))

out_pad, w_pad = attention(q, k, v, pad_mask)
out_causal, w_causal = attention(q, k, v, causal_mask)


def builtin(q, k, v, mask=None, is_causal=False):
    # Keras's own kernel wants (batch, length, heads, d_k): add a heads axis of 1
    q, k, v = (ops.expand_dims(x, 2) for x in (q, k, v))
    if mask is not None:
        mask = ops.expand_dims(mask, 1)  # (batch, heads, queries, keys)
    out = ops.dot_product_attention(q, k, v, mask=mask, is_causal=is_causal)
    return ops.squeeze(out, 2)


ref_pad = builtin(q, k, v, mask=pad_mask)
ref_causal = builtin(q, k, v, is_causal=True)

w_pad, w_causal = ops.convert_to_numpy(w_pad), ops.convert_to_numpy(w_causal)
pad_keep = np.broadcast_to(ops.convert_to_numpy(pad_mask), w_pad.shape)
causal_keep = np.broadcast_to(ops.convert_to_numpy(causal_mask), w_causal.shape)
diff_pad = float(ops.max(ops.abs(out_pad - ref_pad)))
diff_causal = float(ops.max(ops.abs(out_causal - ref_causal)))
result = ops.convert_to_numpy(out_pad)

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
assert np.allclose(out_causal[:, 0], v[:, 0], atol=1e-6), "query 0 sees only key 0"
assert diff_pad < 1e-6 and diff_causal < 1e-6, "must match the built-in"
