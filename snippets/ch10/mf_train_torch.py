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


pop = np.bincount(np.concatenate(train), minlength=I).astype(float)
popular = evaluate(np.tile(pop, (U, 1)))
print("popularity HR@10 {:.3f}  NDCG@10 {:.3f}".format(*popular))
nxt = np.tile(pop, (U, 1))  # popularity, plus a bonus for the next episode
for u, h in enumerate(train):
    if h[-1] % E < E - 1:
        nxt[u, h[-1] + 1] += 1e6
next_ep = evaluate(nxt)
print("next ep.   HR@10 {:.3f}  NDCG@10 {:.3f}".format(*next_ep))

# BPR matrix factorization: score(u, i) = p_u . q_i + b_i
users = torch.tensor(np.concatenate([[u] * len(h) for u, h in enumerate(train)]))
items = torch.tensor(np.concatenate(train))
P = torch.nn.Parameter(torch.tensor(0.1 * rng.normal(size=(U, 16))))
Q = torch.nn.Parameter(torch.tensor(0.1 * rng.normal(size=(I, 16))))
b = torch.nn.Parameter(torch.zeros(I))
opt = torch.optim.Adam([P, Q, b], lr=0.05, eps=1e-8)
for step in range(200):
    neg = torch.tensor(rng.integers(0, I, len(items)))  # uniform negatives
    X = P @ Q.T + b  # all U x I scores: cheaper than gathering rows
    x = X[users, items] - X[users, neg]
    reg = 1e-4 * (P.square().sum() + Q.square().sum())
    loss = -torch.nn.functional.logsigmoid(x).mean() + reg
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0 or step == 199:
        print(f"step {step:3d}  BPR loss {loss.item():.3f}")
mf = evaluate((P @ Q.T + b).detach().numpy())
print("BPR-MF     HR@10 {:.3f}  NDCG@10 {:.3f}".format(*mf))
result = np.array([popular, next_ep, mf])

assert mf[0] > popular[0] + 0.4, "MF beats popularity by far"
assert mf[1] < next_ep[1], "the next-episode rule ranks the test item higher"
