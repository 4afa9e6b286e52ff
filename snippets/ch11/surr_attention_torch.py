import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: one thread is fastest
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)

VOCAB, SEQ_LEN, EMBED = 30, 20, 16
KEYWORD, GOOD, BAD = 1, [2, 3, 4, 5], [6, 7, 8, 9]  # tokens 10..29 are filler


def keyword_task(n):
    """Label 1: the keyword occurs once, at a random position."""
    x = rng.integers(10, VOCAB, size=(n, SEQ_LEN))
    y = rng.integers(0, 2, size=n)
    x[y == 1, rng.integers(0, SEQ_LEN, size=(y == 1).sum())] = KEYWORD
    return x, y


def count_task(n):
    """Label 1: more 'good' than 'bad' tokens (ties are dropped)."""
    x = rng.integers(2, VOCAB, size=(2 * n, SEQ_LEN))
    score = np.isin(x, GOOD).sum(1) - np.isin(x, BAD).sum(1)
    x, score = x[score != 0][:n], score[score != 0][:n]
    return x, (score > 0).astype(int)


def encode(P, x):
    """Each position sees its token and the mean of the sequence (its context)."""
    e = P["E"][torch.as_tensor(x)]  # (batch, time, EMBED)
    return torch.tanh(e @ P["A"] + e.mean(1, keepdim=True) @ P["B"])


def attention(P, h):
    return torch.softmax(h @ P["u"], dim=1)  # over time


def classify(P, h, alpha):
    context = (alpha.unsqueeze(-1) * h).sum(1)  # attention pooling
    return context @ P["v"] + P["b"]  # logit


def train(x, y):
    # Weights from NumPy, shared with TF
    shapes = {
        "E": (VOCAB, EMBED),
        "A": (EMBED, EMBED),
        "B": (EMBED, EMBED),
        "u": (EMBED,),
        "v": (EMBED,),
        "b": (1,),
    }
    P = {
        k: torch.tensor(rng.normal(0, 0.3, s), requires_grad=True)
        for k, s in shapes.items()
    }
    opt = torch.optim.SGD(P.values(), lr=0.5, momentum=0.9)
    for _step in range(150):  # full batch: deterministic, so both frameworks agree
        h = encode(P, x)
        logit = classify(P, h, attention(P, h))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logit, torch.tensor(y, dtype=logit.dtype)
        )
        opt.zero_grad()
        loss.backward()
        opt.step()
    return P


result, acc, stats, peak = {}, {}, {}, {}
for name, task in [("keyword", keyword_task), ("count", count_task)]:
    x_train, y_train = task(1024)
    x_test, y_test = task(1024)
    P = train(x_train, y_train)
    with torch.no_grad():
        h = encode(P, x_test)
        alpha = attention(P, h)
        p = torch.sigmoid(classify(P, h, alpha))
        perm = torch.tensor(np.argsort(rng.random(alpha.shape), axis=1))
        p_perm = torch.sigmoid(classify(P, h, alpha.gather(1, perm)))  # shuffled
        p_unif = torch.sigmoid(classify(P, h, torch.full_like(alpha, 1 / SEQ_LEN)))
    cue = np.isin(x_test, [KEYWORD] + GOOD + BAD)  # the tokens that decide
    top = alpha.numpy().argmax(1)
    on_cue = cue[np.arange(len(top)), top][cue.any(1)].mean()
    acc[name] = ((p > 0.5).numpy() == y_test).mean()
    print(f"{name} task: test accuracy {acc[name]:.3f}")
    peak[name] = on_cue
    print(f"  largest weight on a deciding token: {on_cue:.2f} of sequences")
    for label, q in [("permuted", p_perm), ("uniform", p_unif)]:
        change = (q - p).abs().mean().item()
        flipped = ((q > 0.5) != (p > 0.5)).double().mean().item()
        stats[name, label] = flipped
        print(
            f"  {label:<8} weights: mean |change in p| {change:.3f},"
            f" decisions flipped {flipped:.3f}"
        )
    result[name] = np.stack([p.numpy(), p_perm.numpy(), p_unif.numpy()])

assert min(acc.values()) > 0.97, "both tasks are learned"
assert peak["keyword"] > 0.95 and peak["count"] < 0.9, "where the largest weight falls"
assert min(stats["keyword", "permuted"], stats["keyword", "uniform"]) > 0.3, (
    "keyword task: the decision depends on where attention looks"
)
assert max(stats["count", "permuted"], stats["count", "uniform"]) < 0.1, (
    "count task: other attention weights give almost the same decisions"
)
