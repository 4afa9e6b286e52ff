import keras
import numpy as np
from keras import layers, ops

SEED = 0
D_MODEL, HEADS, LENGTH, EDIT = 16, 4, 6, 3  # change the token at position 3

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)
keras.backend.set_floatx("float64")

src = rng.standard_normal((1, LENGTH, D_MODEL))  # embedded tokens
tgt = rng.standard_normal((1, LENGTH, D_MODEL))
new_token = rng.standard_normal(D_MODEL)


def attention():
    return layers.MultiHeadAttention(HEADS, key_dim=D_MODEL // HEADS)


def feed_forward():
    return keras.Sequential(
        [layers.Dense(4 * D_MODEL, activation="relu"), layers.Dense(D_MODEL)]
    )


# Post-LN layers as in 7.5, no dropout; the weights are random, training is not needed
enc_attn, enc_ffn = attention(), feed_forward()
enc_norms = [layers.LayerNormalization() for _ in range(2)]
dec_self, dec_cross, dec_ffn = attention(), attention(), feed_forward()
dec_norms = [layers.LayerNormalization() for _ in range(3)]


def encoder(x, causal=False):
    x = enc_norms[0](x + enc_attn(x, x, use_causal_mask=causal))
    return enc_norms[1](x + enc_ffn(x))


def bert_like(x):  # encoder-only: every position attends to every position
    return encoder(x)


def gpt_like(x):  # decoder-only: the same layer with a causal mask
    return encoder(x, causal=True)


def t5_like(source, target):  # encoder-decoder: bidirectional encoder, causal decoder
    memory = encoder(source)
    y = dec_norms[0](target + dec_self(target, target, use_causal_mask=True))
    y = dec_norms[1](y + dec_cross(y, memory))  # queries from the target side
    return dec_norms[2](y + dec_ffn(y))


def edited(x):
    y = x.copy()
    y[0, EDIT] = new_token
    return y


def moved(before, after):  # positions whose output vector changed
    change = ops.convert_to_numpy(ops.max(ops.abs(after - before), axis=-1))[0]
    return np.flatnonzero(change > 1e-9).tolist()


result = {
    "encoder-only, edit input": moved(bert_like(src), bert_like(edited(src))),
    "decoder-only, edit input": moved(gpt_like(src), gpt_like(edited(src))),
    "enc-dec, edit source": moved(t5_like(src, tgt), t5_like(edited(src), tgt)),
    "enc-dec, edit target": moved(t5_like(src, tgt), t5_like(src, edited(tgt))),
}
print(f"token {EDIT} of {LENGTH} replaced; outputs that change:")
for name, positions in result.items():
    print(f"  {name:<26}{positions}")

everything, from_edit = list(range(LENGTH)), list(range(EDIT, LENGTH))
assert result["encoder-only, edit input"] == everything, "BERT: left context sees right"
assert result["decoder-only, edit input"] == from_edit, "GPT: nothing before 3 moves"
assert result["enc-dec, edit source"] == everything, "the decoder reads all the source"
assert result["enc-dec, edit target"] == from_edit, "but its own past only"
