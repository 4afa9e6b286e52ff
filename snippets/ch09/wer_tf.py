import numpy as np
import tensorflow as tf

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


def tf_distance(ref, hyp):  # TensorFlow's own edit distance, as a check
    sparse = lambda tokens: tf.sparse.from_dense(tf.constant([tokens]))  # noqa: E731
    return int(tf.edit_distance(sparse(hyp), sparse(ref), normalize=False)[0])


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

for ref, hyp in PAIRS:  # the same distances as tf.edit_distance
    s, d, i, _ = align(ref.split(), hyp.split())
    assert s + d + i == tf_distance(ref.split(), hyp.split()), "tf.edit_distance agrees"
    s, d, i, _ = align(list(ref), list(hyp))
    assert s + d + i == tf_distance(list(ref), list(hyp)), "also over characters"
assert rows[0][:4] == [2, 1, 1, 6], "hand count: kitchen, lights; please; now"
assert abs(rows[0][5] - 14 / 34) < 1e-12, "hand count: 7 + 2 + 1 + 4 characters of 34"
assert rows[1][4] == 2.0, "WER can exceed 1: two insertions, one reference word"
assert rows[2][4] == 0.5 and norm_wer == 0, "case and punctuation alone give 50 %"
