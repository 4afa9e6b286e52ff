import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

SEED = 0
D_MODEL, NUM_HEADS, HEAD_DIM = 512, 8, 64  # Transformer base widths
LAYERS, CACHE_BYTES = 6, 2  # 6 decoder layers, cache stored in float16
BATCH, LENGTH = 2, 6
KV_HEADS = {"MHA": 8, "GQA": 2, "MQA": 1}

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(SEED)
x_np = rng.standard_normal((BATCH, LENGTH, D_MODEL))


def random_weights(kv_heads):
    """W_Q, b_Q, W_K, b_K, W_V, b_V, W_O, b_O for x @ W + b (same in both files)."""
    kv = kv_heads * HEAD_DIM
    shapes = [(D_MODEL, D_MODEL), (D_MODEL,), (D_MODEL, kv), (kv,)]
    shapes += [(D_MODEL, kv), (kv,), (D_MODEL, D_MODEL), (D_MODEL,)]
    return [torch.tensor(rng.normal(0.0, D_MODEL**-0.5, shape)) for shape in shapes]


def split_heads(t, heads):  # (batch, len, heads * head_dim) -> (batch, heads, len, hd)
    return t.reshape(BATCH, LENGTH, heads, HEAD_DIM).transpose(1, 2)


def merge_heads(t):  # (batch, heads, len, head_dim) -> (batch, len, heads * head_dim)
    return t.transpose(1, 2).reshape(BATCH, LENGTH, -1)


def attend(q, k, v):
    scores = q @ k.transpose(-1, -2) / HEAD_DIM**0.5
    return torch.softmax(scores, dim=-1) @ v


def grouped_attention(x, w, kv_heads):
    """From scratch: each K/V head is repeated for the query heads of its group."""
    w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o = w
    group_size = NUM_HEADS // kv_heads  # query heads per K/V head
    owner = [i // group_size for i in range(NUM_HEADS)]  # K/V head of each query head
    q = split_heads(x @ w_q + b_q, NUM_HEADS)
    k = split_heads(x @ w_k + b_k, kv_heads)[:, owner]
    v = split_heads(x @ w_v + b_v, kv_heads)[:, owner]
    return merge_heads(attend(q, k, v)) @ w_o + b_o


def multi_query_attention(x, w):
    """One K/V head, broadcast over all query heads."""
    w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o = w
    q = split_heads(x @ w_q + b_q, NUM_HEADS)
    k = (x @ w_k + b_k)[:, None]  # (batch, 1, len, head_dim)
    v = (x @ w_v + b_v)[:, None]
    return merge_heads(attend(q, k, v)) @ w_o + b_o


class GroupedQueryAttention(nn.Module):
    """Projections as nn.Linear, attention by F.scaled_dot_product_attention."""

    def __init__(self, kv_heads):
        super().__init__()
        self.kv_heads = kv_heads
        self.q = nn.Linear(D_MODEL, NUM_HEADS * HEAD_DIM)
        self.k = nn.Linear(D_MODEL, kv_heads * HEAD_DIM)
        self.v = nn.Linear(D_MODEL, kv_heads * HEAD_DIM)
        self.o = nn.Linear(NUM_HEADS * HEAD_DIM, D_MODEL)

    def forward(self, x):
        q = split_heads(self.q(x), NUM_HEADS)
        k = split_heads(self.k(x), self.kv_heads)  # only kv_heads heads: no copies
        v = split_heads(self.v(x), self.kv_heads)
        out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
        return self.o(merge_heads(out))


def load(linears, w):
    """nn.Linear stores W as (out, in): copy the transposes."""
    with torch.no_grad():
        for i, linear in enumerate(linears):
            linear.weight.copy_(w[2 * i].T)
            linear.bias.copy_(w[2 * i + 1])


def builtin_grouped(x, w, kv_heads):
    layer = GroupedQueryAttention(kv_heads)
    load([layer.q, layer.k, layer.v, layer.o], w)
    kv_params = sum(p.numel() for p in [*layer.k.parameters(), *layer.v.parameters()])
    with torch.no_grad():
        return layer(x), kv_params


def builtin_multi_head(x, w):
    layer = nn.MultiheadAttention(D_MODEL, NUM_HEADS, batch_first=True)
    with torch.no_grad():  # W_Q, W_K, W_V stacked into one (3 * d_model, d_model)
        layer.in_proj_weight.copy_(torch.cat([w[0].T, w[2].T, w[4].T]))
        layer.in_proj_bias.copy_(torch.cat([w[1], w[3], w[5]]))
        layer.out_proj.weight.copy_(w[6].T)
        layer.out_proj.bias.copy_(w[7])
        return layer(x, x, x, need_weights=False)[0]


def max_diff(a, b):
    return (a - b).abs().max().item()


x = torch.tensor(x_np)
print(
    f"d_model {D_MODEL}, {NUM_HEADS} query heads of {HEAD_DIM}, {LAYERS} layers, float16"
)
print("     K/V heads  K/V projection params  KV cache bytes per token")
matches, outputs, params, caches = [], {}, {}, {}
for name, kv_heads in KV_HEADS.items():
    w = random_weights(kv_heads)
    out, kv_params = builtin_grouped(x, w, kv_heads)
    outputs[name] = (w, out)
    matches.append(max_diff(out, grouped_attention(x, w, kv_heads)) < 1e-6)
    cache = 2 * LAYERS * kv_heads * HEAD_DIM * CACHE_BYTES  # K and V, every layer
    params[name], caches[name] = kv_params, cache
    print(f"{name}  {kv_heads:>9}  {kv_params:>21}  {cache:>24}")
print("built-in matches the from-scratch version (8, 2, 1 K/V heads):", *matches)

w, out = outputs["MHA"]
is_mha = max_diff(out, builtin_multi_head(x, w)) < 1e-6
w, out = outputs["MQA"]
is_mqa = max_diff(out, multi_query_attention(x, w)) < 1e-6
print("8 K/V heads = multi-head attention:", is_mha)
print("1 K/V head = multi-query attention:", is_mqa)

result = outputs["GQA"][1].numpy()
assert all(matches), "scaled_dot_product_attention must match the from-scratch version"
assert is_mha and is_mqa, "GQA with g = h is MHA, with g = 1 it is MQA"
for d in params, caches:
    assert d["MHA"] == 4 * d["GQA"] == 8 * d["MQA"], "both shrink by h / g"
assert params["MHA"] == 2 * (D_MODEL * D_MODEL + D_MODEL), "W_K, W_V with biases"
