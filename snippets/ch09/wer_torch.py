import numpy as np
import torch

PAIRS = [  # (reference, hypothesis)
    ("please turn the kitchen lights off", "turn the kitten light off now"),
    ("yes", "yes yes yes"),
    ("Turn the lights off.", "turn the lights off"),
]


def align(ref, hyp):
    """Levenshtein alignment of two token lists: (S, D, I, ops)."""
    n, m = len(ref), len(hyp)
    d = [[i + j if i * j == 0 else 0 for j in range(m + 1)] for i in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(
                d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]),  # match or substitution
                d[i - 1][j] + 1,  # deletion: a reference token is missing
                d[i][j - 1] + 1,  # insertion: an extra hypothesis token
            )
    ops, i, j = [], n, m  # backtrace from the corner
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            ops.append("=" if ref[i - 1] == hyp[j - 1] else "S")
            i, j = i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            ops.append("D")
            i -= 1
        else:
            ops.append("I")
            j -= 1
    ops.reverse()
    return ops.count("S"), ops.count("D"), ops.count("I"), ops


def normalize(text):  # lower case, no punctuation
    return "".join(c for c in text.lower() if c.isalnum() or c == " ")


def torch_distance(ref, hyp):  # one DP row at a time with tensor ops, as a check
    vocab = {t: k for k, t in enumerate(sorted(set(ref) | set(hyp)))}
    r = torch.tensor([vocab[t] for t in ref])
    h = torch.tensor([vocab[t] for t in hyp])
    j = torch.arange(len(hyp) + 1)
    prev = j.clone()  # row 0: j insertions
    for i in range(1, len(ref) + 1):
        diag = prev[:-1] + (h != r[i - 1])  # match or substitution
        up = prev[1:] + 1  # deletion
        best = torch.cat([torch.tensor([i]), torch.minimum(diag, up)])
        prev = torch.cummin(best - j, 0).values + j  # then insertions along the row
    return int(prev[-1])


rows = []
for ref, hyp in PAIRS:
    s, d, i, ops = align(ref.split(), hyp.split())
    n = len(ref.split())
    cs, cd, ci, _ = align(list(ref), list(hyp))  # characters, spaces included
    wer, cer = (s + d + i) / n, (cs + cd + ci) / len(ref)
    print(f"REF: {ref}\nHYP: {hyp}\nops: {' '.join(ops)}")
    print(f"  S={s} D={d} I={i} N={n}  WER={wer:.3f}  CER={cer:.3f}")
    rows.append([s, d, i, n, wer, cer])
s, d, i, _ = align(normalize(PAIRS[2][0]).split(), normalize(PAIRS[2][1]).split())
norm_wer = (s + d + i) / 4
print(f"pair 3 after normalization: WER={norm_wer:.3f}")
result = np.array(rows)

for ref, hyp in PAIRS:  # the same distances as the tensor version
    s, d, i, _ = align(ref.split(), hyp.split())
    assert s + d + i == torch_distance(ref.split(), hyp.split()), "tensor DP agrees"
    s, d, i, _ = align(list(ref), list(hyp))
    assert s + d + i == torch_distance(list(ref), list(hyp)), "also over characters"
assert rows[0][:4] == [2, 1, 1, 6], "hand count: kitchen, lights; please; now"
assert abs(rows[0][5] - 14 / 34) < 1e-12, "hand count: 7 + 2 + 1 + 4 characters of 34"
assert rows[1][4] == 2.0, "WER can exceed 1: two insertions, one reference word"
assert rows[2][4] == 0.5 and norm_wer == 0, "case and punctuation alone give 50 %"
