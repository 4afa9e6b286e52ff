import numpy as np
import torch
from torch import nn

SEED = 0
D_MODEL, HEADS, LENGTH, EDIT = 16, 4, 6, 3  # change the token at position 3

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)

src = torch.tensor(rng.standard_normal((1, LENGTH, D_MODEL)))  # embedded tokens
tgt = torch.tensor(rng.standard_normal((1, LENGTH, D_MODEL)))
new_token = torch.tensor(rng.standard_normal(D_MODEL))

# Post-LN layers as in 7.5, no dropout; the weights are random, training is not needed
encoder = nn.TransformerEncoderLayer(
    D_MODEL, HEADS, 4 * D_MODEL, dropout=0.0, batch_first=True
).eval()
decoder = nn.TransformerDecoderLayer(
    D_MODEL, HEADS, 4 * D_MODEL, dropout=0.0, batch_first=True
).eval()
causal = nn.Transformer.generate_square_subsequent_mask(LENGTH)  # -inf above diagonal


def bert_like(x):  # encoder-only: every position attends to every position
    return encoder(x)


def gpt_like(x):  # decoder-only: the same layer with a causal mask
    return encoder(x, src_mask=causal, is_causal=True)


def t5_like(source, target):  # encoder-decoder: bidirectional encoder, causal decoder
    return decoder(target, encoder(source), tgt_mask=causal, tgt_is_causal=True)


def edited(x):
    y = x.clone()
    y[0, EDIT] = new_token
    return y


def moved(before, after):  # positions whose output vector changed
    return torch.nonzero((after - before).abs().amax(-1)[0] > 1e-9).flatten().tolist()


with torch.no_grad():
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
