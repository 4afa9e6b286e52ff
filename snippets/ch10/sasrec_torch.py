import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: one thread is faster
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
# book: tolerance ±0.01

# Synthetic logs: 24 series of 5 episodes; item s*5+e is episode e of series s.
U, S, E, D = 600, 24, 5, 4  # users, series, episodes per series, taste dims
I = S * E
series_vec, series_pop = rng.normal(size=(S, D)), rng.normal(size=S)
user_vec = rng.normal(size=(U, D))


def history(u):  # a time-ordered list of items, each seen once
    logit = 1.5 * user_vec[u] @ series_vec.T + series_pop  # softmax choice model
    done, hist, cur = np.zeros(S, int), [], -1
    for _ in range(rng.integers(8, 21)):
        if cur < 0 or done[cur] == E or rng.random() > 0.7:  # pick a new series
            p = np.where(done < E, np.exp(logit - logit.max()), 0.0)
            cur = rng.choice(S, p=p / p.sum())
        hist.append(cur * E + done[cur])  # the next unseen episode
        done[cur] += 1
    return hist


logs = [history(u) for u in range(U)]
train = [h[:-1] for h in logs]  # leave-one-out: the last item is the test item
test = np.array([h[-1] for h in logs])
seen = np.zeros((U, I), bool)
for u, h in enumerate(train):
    seen[u, h] = True


def evaluate(scores, k=10):  # full ranking over all unseen items
    scores = np.where(seen, -np.inf, scores)
    rank = (scores > scores[np.arange(U), test][:, None]).sum(1)  # 0-based
    hit = rank < k
    return hit.mean(), (hit / np.log2(rank + 2)).mean()


# SASRec: items shifted by 1, 0 = padding; sequences left-padded to L.
L, d = 19, 16


def pad(seqs):
    out = np.zeros((len(seqs), L), int)
    for r, q in enumerate(seqs):
        out[r, L - len(q) :] = np.array(q) + 1
    return out


x_train, y_train = pad([h[:-1] for h in train]), pad([h[1:] for h in train])
x_test = pad(train)  # the whole training history predicts the test item
shapes = {
    "item": (I + 1, d),
    "pos": (L, d),
    "Wq": (d, d),
    "Wk": (d, d),
    "Wv": (d, d),
    "W1": (d, d),
    "W2": (d, d),
}
W = {
    k: torch.nn.Parameter(torch.tensor(0.1 * rng.normal(size=v)))
    for k, v in shapes.items()
}
causal = torch.tril(torch.ones(L, L, dtype=torch.bool))


def sasrec(x):  # one self-attention block, one head
    ln = torch.nn.functional.layer_norm
    h = W["item"][x] + W["pos"]
    a = ln(h, (d,))
    q, k, v = a @ W["Wq"], a @ W["Wk"], a @ W["Wv"]
    att = q @ k.transpose(1, 2) / d**0.5
    keep = causal & (x > 0)[:, None, :]  # no future, no padding
    att = torch.softmax(att.masked_fill(~keep, -1e9), -1)
    h = h + att @ v
    h = h + torch.relu(ln(h, (d,)) @ W["W1"]) @ W["W2"]  # feed-forward
    return ln(h, (d,)) @ W["item"][1:].T, att  # scores with shared embeddings


opt = torch.optim.Adam(W.values(), lr=0.03, eps=1e-8)
mask = torch.tensor(y_train > 0)
target = torch.tensor(y_train - 1)
for step in range(60):
    logits, _ = sasrec(torch.tensor(x_train))
    loss = torch.nn.functional.cross_entropy(logits[mask], target[mask])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0 or step == 59:
        print(f"step {step:3d}  cross-entropy {loss.item():.3f}")
with torch.no_grad():
    logits, att = sasrec(torch.tensor(x_test))
sas = evaluate(logits[:, -1].numpy())
print("SASRec     HR@10 {:.3f}  NDCG@10 {:.3f}".format(*sas))
result = np.array(sas)

assert sas[0] > 0.78, "SASRec's HR@10 beats MF (0.750) and the next-episode rule"
assert sas[1] > 0.7, "its NDCG@10 is far above MF's (0.485)"
