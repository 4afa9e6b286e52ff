import math

import keras
import numpy as np
from keras import ops

SEED = 0
BATCH, LENGTH, D_MODEL, NUM_HEADS = 2, 5, 16, 4
HEAD_DIM = D_MODEL // NUM_HEADS
VALID_LENGTHS = [5, 3]  # sequence 1 ends with two padding tokens

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)

# The same numbers in both frameworks: an input and W_Q, W_K, W_V, W_O as x @ W + b
x_np = rng.standard_normal((BATCH, LENGTH, D_MODEL)).astype(np.float32)
w_q, w_k, w_v, w_o = rng.normal(0, D_MODEL**-0.5, (4, D_MODEL, D_MODEL))
b_q, b_k, b_v, b_o = rng.normal(0, 0.1, (4, D_MODEL))


class MyMultiHeadAttention(keras.layers.Layer):
    def __init__(self, d_model, num_heads, **kwargs):
        super().__init__(**kwargs)
        assert d_model % num_heads == 0, "d_model must split evenly into heads"
        self.d_model, self.num_heads = d_model, num_heads
        self.head_dim = d_model // num_heads
        self.w_q = keras.layers.Dense(d_model)
        self.w_k = keras.layers.Dense(d_model)
        self.w_v = keras.layers.Dense(d_model)
        self.w_o = keras.layers.Dense(d_model)

    def split_heads(self, x):  # (batch, len, d_model) -> (batch, heads, len, head_dim)
        x = ops.reshape(x, (ops.shape(x)[0], -1, self.num_heads, self.head_dim))
        return ops.transpose(x, (0, 2, 1, 3))

    def call(self, query, value, key=None, key_mask=None):
        """Argument order as in keras.layers.MultiHeadAttention.

        key_mask: (batch, keys) boolean, True = may attend.
        """
        key = value if key is None else key
        q = self.split_heads(self.w_q(query))
        k = self.split_heads(self.w_k(key))
        v = self.split_heads(self.w_v(value))
        scores = ops.matmul(q, ops.swapaxes(k, -2, -1)) / math.sqrt(self.head_dim)
        if key_mask is not None:
            scores = ops.where(key_mask[:, None, None, :], scores, float("-inf"))
        weights = ops.softmax(scores, axis=-1)  # (batch, heads, queries, keys)
        heads = ops.transpose(ops.matmul(weights, v), (0, 2, 1, 3))
        concat = ops.reshape(heads, (ops.shape(heads)[0], -1, self.d_model))
        return self.w_o(concat), weights


ours = MyMultiHeadAttention(D_MODEL, NUM_HEADS)
builtin = keras.layers.MultiHeadAttention(num_heads=NUM_HEADS, key_dim=HEAD_DIM)

x = ops.convert_to_tensor(x_np)
pad_mask = ops.arange(LENGTH) < ops.convert_to_tensor(VALID_LENGTHS)[:, None]
ours(x, x)  # build the layers, then overwrite their weights
builtin(x, x)
for dense, w, b in [
    (ours.w_q, w_q, b_q),
    (ours.w_k, w_k, b_k),
    (ours.w_v, w_v, b_v),
    (ours.w_o, w_o, b_o),
]:
    dense.set_weights([w, b])
# The built-in keeps the heads as a separate axis in its kernels and biases
heads_in, heads_out = (D_MODEL, NUM_HEADS, HEAD_DIM), (NUM_HEADS, HEAD_DIM, D_MODEL)
for dense, w, b in [
    (builtin.query_dense, w_q, b_q),
    (builtin.key_dense, w_k, b_k),
    (builtin.value_dense, w_v, b_v),
]:
    dense.set_weights([w.reshape(heads_in), b.reshape(NUM_HEADS, HEAD_DIM)])
builtin.output_dense.set_weights([w_o.reshape(heads_out), b_o])

out, weights = ours(x, x, key_mask=pad_mask)
# The built-in's attention_mask is (batch, queries, keys), True = may attend
attention_mask = ops.broadcast_to(pad_mask[:, None, :], (BATCH, LENGTH, LENGTH))
ref_out, ref_weights = builtin(
    x, x, attention_mask=attention_mask, return_attention_scores=True
)

diff_out = float(ops.max(ops.abs(out - ref_out)))
diff_weights = float(ops.max(ops.abs(weights - ref_weights)))
n_ours, n_builtin = ours.count_params(), builtin.count_params()
pad_weights = weights[1, :, :, 3:]  # sequence 1, keys 3 and 4, every head and query
result = ops.convert_to_numpy(out)

print("input:", tuple(x.shape), "-> output:", tuple(out.shape))
print("weights (batch, heads, queries, keys):", tuple(weights.shape))
print("parameters, ours and built-in:", n_ours, n_builtin)
print("matches the built-in (output, weights):", diff_out < 1e-5, diff_weights < 1e-5)
print("padding keys get 0 weight in every head:", bool(ops.all(pad_weights == 0)))

assert out.shape == x.shape, "attention keeps the (batch, length, d_model) shape"
assert n_ours == n_builtin == 4 * (D_MODEL * D_MODEL + D_MODEL), "4 projections"
assert np.allclose(ops.sum(weights, axis=-1), 1.0, atol=1e-6), "rows sum to 1"
assert bool(ops.all(pad_weights == 0)), "padding keys must get 0 weight"
assert diff_out < 1e-5 and diff_weights < 1e-5, "must match the Keras built-in"
