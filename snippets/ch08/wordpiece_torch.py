import string
from collections import Counter

import torch
from torch import nn

SEED = 0
torch.manual_seed(SEED)

# 1. Learning a vocabulary: which pair would each method merge first?
# Words split into characters, "##" marks a piece that continues a word.
corpus = {"hug": 8, "pug": 6, "pun": 10, "bun": 5, "hugs": 4}  # word counts
pieces = {w: [w[0]] + ["##" + c for c in w[1:]] for w in corpus}
unit, pair = Counter(), Counter()
for w, n in corpus.items():
    for p in pieces[w]:
        unit[p] += n
    for a, b in zip(pieces[w], pieces[w][1:]):
        pair[a, b] += n
bpe = max(pair, key=lambda ab: pair[ab])  # BPE: the most frequent pair
# WordPiece scores count(ab) / (count(a) count(b)): a proxy for the likelihood gain
wp = max(pair, key=lambda ab: pair[ab] / (unit[ab[0]] * unit[ab[1]]))
print("BPE merges", bpe, "seen", pair[bpe], "times")
print("WordPiece merges", wp, "seen", pair[wp], "times")

# 2. Tokenizing with a learned vocabulary: greedy longest match first, as in BERT
vocab = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "un",
    "##aff",
    "##able",
    "play",
    "##ing",
    "##ed",
    "token",
    "##ize",
    "##r",
    "##s",
    "ab",
    "a",
    "##bc",
    ",",
    ".",
]
ids_of = {piece: i for i, piece in enumerate(vocab)}


def basic_split(text):
    """Lower-case (the uncased model), split on spaces and around punctuation."""
    for p in string.punctuation:
        text = text.replace(p, f" {p} ")
    return text.lower().split()


def wordpiece(word, max_chars=200):  # 200 as in BERT's tokenization.py
    if len(word) > max_chars:
        return ["[UNK]"]
    out, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:  # the longest piece in the vocabulary wins
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in ids_of:
                break
            end -= 1
        if end == start:  # no piece fits: the whole word becomes [UNK]
            return ["[UNK]"]
        out.append(piece)
        start = end
    return out


text = "The tokenizers played unaffable, xyz abc."
tokens = [piece for word in basic_split(text) for piece in wordpiece(word)]
print(tokens)

# 3. BERT's input: [CLS] tokens [SEP], segment ids, then a tensor of ids
tokens = ["[CLS]"] + tokens + ["[SEP]"]
ids = torch.tensor([[ids_of[t] for t in tokens]])
segments = torch.zeros_like(ids)  # one segment: all A
print("ids", ids.tolist()[0], "shape", tuple(ids.shape))

hidden = 8  # a toy width: token + position + segment embeddings, summed
token_emb, position_emb, segment_emb = (
    nn.Embedding(len(vocab), hidden),
    nn.Embedding(32, hidden),
    nn.Embedding(2, hidden),
)
x = token_emb(ids) + position_emb(torch.arange(ids.shape[1])) + segment_emb(segments)
print("embedded", tuple(x.shape))

assert bpe == ("##u", "##g") and pair[bpe] == 18, "BPE picks the most frequent pair"
assert wp == ("##g", "##s"), "WordPiece prefers a pair whose parts are rare apart"
assert tokens[1:4] == ["the", "token", "##ize"], "longest match first"
assert "un" in tokens and "##aff" in tokens, "a word-initial piece has no ##"
assert tokens.count("[UNK]") == 2, "xyz and abc become [UNK]"
assert "a" not in tokens, "abc: greedy takes ab, then ##c is missing, so [UNK]"
assert tuple(x.shape) == (1, len(tokens), hidden), "one vector per token"
result = ids.numpy()[0]
