import keras
import numpy as np
from keras import ops

SEED = 0
D_MODEL, NUM_HEADS, HEAD_DIM = 512, 8, 64  # Transformer base widths
LAYERS, CACHE_BYTES = 6, 2  # 6 decoder layers, cache stored in float16
BATCH, LENGTH = 2, 6
KV_HEADS = {"MHA": 8, "GQA": 2, "MQA": 1}

keras.utils.set_random_seed(SEED)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(SEED)
x_np = rng.standard_normal((BATCH, LENGTH, D_MODEL))


def random_weights(kv_heads):
    """W_Q, b_Q, W_K, b_K, W_V, b_V, W_O, b_O for x @ W + b (same in both files)."""
    kv = kv_heads * HEAD_DIM
    shapes = [(D_MODEL, D_MODEL), (D_MODEL,), (D_MODEL, kv), (kv,)]
    shapes += [(D_MODEL, kv), (kv,), (D_MODEL, D_MODEL), (D_MODEL,)]
    return [rng.normal(0.0, D_MODEL**-0.5, shape) for shape in shapes]


def split_heads(t, heads):  # (batch, len, heads * head_dim) -> (batch, heads, len, hd)
    t = ops.reshape(t, (BATCH, LENGTH, heads, HEAD_DIM))
    return ops.transpose(t, (0, 2, 1, 3))


def merge_heads(t):  # (batch, heads, len, head_dim) -> (batch, len, heads * head_dim)
    return ops.reshape(ops.transpose(t, (0, 2, 1, 3)), (BATCH, LENGTH, -1))


def attend(q, k, v):
    scores = ops.matmul(q, ops.swapaxes(k, -1, -2)) / HEAD_DIM**0.5
    return ops.matmul(ops.softmax(scores, axis=-1), v)


def grouped_attention(x, w, kv_heads):
    """From scratch: each K/V head is repeated for the query heads of its group."""
    w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o = w
    group_size = NUM_HEADS // kv_heads  # query heads per K/V head
    owner = [i // group_size for i in range(NUM_HEADS)]  # K/V head of each query head
    q = split_heads(x @ w_q + b_q, NUM_HEADS)
    k = ops.take(split_heads(x @ w_k + b_k, kv_heads), owner, axis=1)
    v = ops.take(split_heads(x @ w_v + b_v, kv_heads), owner, axis=1)
    return merge_heads(attend(q, k, v)) @ w_o + b_o


def multi_query_attention(x, w):
    """One K/V head, broadcast over all query heads."""
    w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o = w
    q = split_heads(x @ w_q + b_q, NUM_HEADS)
    k = (x @ w_k + b_k)[:, None]  # (batch, 1, len, head_dim)
    v = (x @ w_v + b_v)[:, None]
    return merge_heads(attend(q, k, v)) @ w_o + b_o


def to_keras(w, kv_heads):
    """Our matrices in the layers' order: q, k, v, o, kernel then bias; heads are an axis."""
    w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o = w
    q, kv = (NUM_HEADS, HEAD_DIM), (kv_heads, HEAD_DIM)
    return [
        w_q.reshape(D_MODEL, *q),
        b_q.reshape(q),
        w_k.reshape(D_MODEL, *kv),
        b_k.reshape(kv),
        w_v.reshape(D_MODEL, *kv),
        b_v.reshape(kv),
        w_o.reshape(*q, D_MODEL),
        b_o,
    ]


def builtin_grouped(x, w, kv_heads):
    layer = keras.layers.GroupQueryAttention(HEAD_DIM, NUM_HEADS, kv_heads)
    layer(x, x)  # build it, then load our weights
    layer.set_weights(to_keras(w, kv_heads))
    kv_params = sum(
        int(np.prod(v.shape))
        for v in layer.weights
        if v.path.split("/")[-2] in ("key", "value")
    )
    return layer(x, x), kv_params


def builtin_multi_head(x, w):
    layer = keras.layers.MultiHeadAttention(NUM_HEADS, HEAD_DIM)
    layer(x, x)
    layer.set_weights(to_keras(w, NUM_HEADS))
    return layer(x, x)


def max_diff(a, b):
    return float(ops.max(ops.abs(a - b)))


x = ops.convert_to_tensor(x_np)
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

result = ops.convert_to_numpy(outputs["GQA"][1])
assert all(matches), "GroupQueryAttention must match the from-scratch version"
assert is_mha and is_mqa, "GQA with g = h is MHA, with g = 1 it is MQA"
for d in params, caches:
    assert d["MHA"] == 4 * d["GQA"] == 8 * d["MQA"], "both shrink by h / g"
assert params["MHA"] == 2 * (D_MODEL * D_MODEL + D_MODEL), "W_K, W_V with biases"
