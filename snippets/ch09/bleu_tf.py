import math
from collections import Counter

import numpy as np
import tensorflow as tf

REF = "the cat is on the mat".split()
HYPS = {
    "identical": "the cat is on the mat",
    "too short": "the cat is on",
    "one word wrong": "the cat sat on the mat",
    "the the the": "the the the the the the the",
}
VOCAB = {w: i for i, w in enumerate(sorted(set(REF) | {"sat"}))}


def ngrams(ids, n):  # (len - n + 1, n): one row per n-gram
    return tf.signal.frame(ids, n, 1)


def clipped_matches(hyp, ref, n):
    """Sum over n-gram types g of min(count in hyp, count in ref)."""
    h, r = ngrams(hyp, n), ngrams(ref, n)
    if len(h) == 0:
        return 0.0, 0

    def count(a, b):
        return tf.reduce_sum(
            tf.cast(tf.reduce_all(a[:, None] == b[None], -1), tf.float64), 1
        )

    same_h = count(h, h)  # count of each row's n-gram
    in_r = count(h, r)  # its count in the reference
    # each type appears same_h times, so each row adds min(.,.) / same_h
    return float(tf.reduce_sum(tf.minimum(same_h, in_r) / same_h)), len(h)


def bleu(pairs, max_n=4, smooth=False):
    """Corpus BLEU over (hyp, ref) pairs; one pair gives sentence BLEU."""
    match, total = np.zeros(max_n), np.zeros(max_n)
    for hyp, ref in pairs:
        for n in range(1, max_n + 1):
            m, t = clipped_matches(hyp, ref, n)
            match[n - 1] += m
            total[n - 1] += t
    if smooth:  # add one for n >= 2 (Lin and Och 2004)
        match[1:] += 1
        total[1:] += 1
    p = tf.constant(match / total)
    h_len = sum(len(h) for h, _ in pairs)
    r_len = sum(len(r) for _, r in pairs)
    bp = math.exp(min(0.0, 1 - r_len / h_len))  # brevity penalty
    return bp * float(tf.exp(tf.reduce_mean(tf.math.log(p)))), p  # log 0 -> -inf


def bleu_counter(hyp, ref, max_n=4):  # the same formula with Counter, as a check
    logs = []
    for n in range(1, max_n + 1):
        hc = Counter(tuple(hyp[i : i + n]) for i in range(len(hyp) - n + 1))
        rc = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
        m = sum(min(c, rc[g]) for g, c in hc.items())
        logs.append(math.log(m / sum(hc.values())) if m else -math.inf)
    return math.exp(min(0.0, 1 - len(ref) / len(hyp)) + sum(logs) / max_n)


def ids(words):
    return tf.constant([VOCAB[w] for w in words])


ref = ids(REF)
result = {}
for name, text in HYPS.items():
    hyp = ids(text.split())
    score, p = bleu([(hyp, ref)])
    smoothed, _ = bleu([(hyp, ref)], smooth=True)
    result[name] = np.array([score, smoothed, *p.numpy()])
    precisions = " ".join(f"{x:.3f}" for x in p.numpy())
    print(f"{name:15s} p1..p4 {precisions}  BLEU {score:.4f}  smoothed {smoothed:.4f}")
    assert abs(score - bleu_counter(text.split(), REF)) < 1e-12, "same as Counter"

pairs = [(ids(HYPS[k].split()), ref) for k in ("too short", "one word wrong")]
corpus, _ = bleu(pairs)
mean = (result["too short"][0] + result["one word wrong"][0]) / 2
result["corpus"] = np.array([corpus])
print(
    f"corpus BLEU of 'too short' + 'one word wrong': {corpus:.4f}",
    f"(mean of their sentence BLEUs: {mean:.4f})",
)

assert result["identical"][0] == 1.0, "identical sentences score 1"
assert abs(result["too short"][0] - math.exp(1 - 6 / 4)) < 1e-12, "BP = e^(1-6/4)"
assert result["one word wrong"][0] == 0.0, "no matching 4-gram: sentence BLEU 0"
assert (
    abs(result["one word wrong"][1] - (5 / 6 * 4 / 6 * 2 / 5 * 1 / 4) ** 0.25) < 1e-12
)
assert abs(result["the the the"][2] - 2 / 7) < 1e-12, "clipped unigram precision 2/7"
assert corpus > mean, "corpus BLEU pools the counts; it is not a mean"
pooled = (9 / 10 * 6 / 8 * 3 / 6 * 1 / 4) ** 0.25  # matches / totals, n = 1..4
assert abs(corpus - math.exp(1 - 12 / 10) * pooled) < 1e-12, "BP = e^(1-12/10)"
