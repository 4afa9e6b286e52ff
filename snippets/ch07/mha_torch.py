import math

import numpy as np
import torch
from torch import nn

SEED = 0
BATCH, LENGTH, D_MODEL, NUM_HEADS = 2, 5, 16, 4
VALID_LENGTHS = [5, 3]  # sequence 1 ends with two padding tokens

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# The same numbers in both frameworks: an input and W_Q, W_K, W_V, W_O as x @ W + b
x_np = rng.standard_normal((BATCH, LENGTH, D_MODEL)).astype(np.float32)
w_q, w_k, w_v, w_o = rng.normal(0, D_MODEL**-0.5, (4, D_MODEL, D_MODEL))
b_q, b_k, b_v, b_o = rng.normal(0, 0.1, (4, D_MODEL))


class MyMultiHeadAttention(nn.Module):
    def __init__(self, d_model, num_heads):
        super().__init__()
        assert d_model % num_heads == 0, "d_model must split evenly into heads"
        self.num_heads, self.head_dim = num_heads, d_model // num_heads
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
        self.w_o = nn.Linear(d_model, d_model)

    def split_heads(self, x):  # (batch, len, d_model) -> (batch, heads, len, head_dim)
        x = x.reshape(x.shape[0], x.shape[1], self.num_heads, self.head_dim)
        return x.transpose(1, 2)

    def forward(self, query, key, value, key_mask=None):
        """key_mask: (batch, keys) boolean, True = may attend."""
        q = self.split_heads(self.w_q(query))
        k = self.split_heads(self.w_k(key))
        v = self.split_heads(self.w_v(value))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
        if key_mask is not None:
            scores = scores.masked_fill(~key_mask[:, None, None, :], float("-inf"))
        weights = torch.softmax(scores, dim=-1)  # (batch, heads, queries, keys)
        heads = (weights @ v).transpose(1, 2)  # (batch, queries, heads, head_dim)
        concat = heads.reshape(heads.shape[0], heads.shape[1], -1)
        return self.w_o(concat), weights


ours = MyMultiHeadAttention(D_MODEL, NUM_HEADS)
builtin = nn.MultiheadAttention(D_MODEL, NUM_HEADS, batch_first=True)

x = torch.from_numpy(x_np)
pad_mask = torch.arange(LENGTH) < torch.tensor(VALID_LENGTHS)[:, None]
with torch.no_grad():
    # nn.Linear stores W as (out, in) and computes x @ W.T + b
    for linear, w, b in [
        (ours.w_q, w_q, b_q),
        (ours.w_k, w_k, b_k),
        (ours.w_v, w_v, b_v),
        (ours.w_o, w_o, b_o),
    ]:
        linear.weight.copy_(torch.tensor(w.T))
        linear.bias.copy_(torch.tensor(b))
    # The built-in stacks W_Q, W_K, W_V into one (3 * d_model, d_model) matrix
    builtin.in_proj_weight.copy_(torch.tensor(np.concatenate([w_q.T, w_k.T, w_v.T])))
    builtin.in_proj_bias.copy_(torch.tensor(np.concatenate([b_q, b_k, b_v])))
    builtin.out_proj.weight.copy_(torch.tensor(w_o.T))
    builtin.out_proj.bias.copy_(torch.tensor(b_o))

    out, weights = ours(x, x, x, key_mask=pad_mask)
    # For nn.MultiheadAttention, True in key_padding_mask means "ignore this key"
    ref_out, ref_weights = builtin(
        x, x, x, key_padding_mask=~pad_mask, average_attn_weights=False
    )

diff_out = (out - ref_out).abs().max().item()
diff_weights = (weights - ref_weights).abs().max().item()
n_ours = sum(p.numel() for p in ours.parameters())
n_builtin = sum(p.numel() for p in builtin.parameters())
pad_weights = weights[1, :, :, 3:]  # sequence 1, keys 3 and 4, every head and query
result = out.numpy()

print("input:", tuple(x.shape), "-> output:", tuple(out.shape))
print("weights (batch, heads, queries, keys):", tuple(weights.shape))
print("parameters, ours and built-in:", n_ours, n_builtin)
print("matches the built-in (output, weights):", diff_out < 1e-5, diff_weights < 1e-5)
print("padding keys get 0 weight in every head:", bool((pad_weights == 0).all()))

assert out.shape == x.shape, "attention keeps the (batch, length, d_model) shape"
assert n_ours == n_builtin == 4 * (D_MODEL * D_MODEL + D_MODEL), "4 projections"
assert torch.allclose(weights.sum(-1), torch.ones(1), atol=1e-6), "rows sum to 1"
assert (pad_weights == 0).all(), "padding keys must get 0 weight"
assert diff_out < 1e-5 and diff_weights < 1e-5, "must match nn.MultiheadAttention"
