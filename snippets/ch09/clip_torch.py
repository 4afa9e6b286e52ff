# book: tolerance ±0.03
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from torch import nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:1700]  # 500 held-out pairs

# a "caption" of 4 tokens: digit word 0-9, then ink, x and y position of the
# stroke, each as low/mid/high (tokens 10-18); token 19 = "no word"
img, ink = X.reshape(-1, 8, 8), X.sum(1)
cx = (img.sum(1) * np.arange(8)).sum(1) / ink  # centre of the ink, left-right
cy = (img.sum(2) * np.arange(8)).sum(1) / ink  # and top-bottom
stats = np.stack([ink, cx, cy], 1)
cuts = np.quantile(stats[train], [1 / 3, 2 / 3], axis=0)
attr = (stats[:, None, :] > cuts[None]).sum(1)  # 0, 1 or 2 for each attribute
caption = np.concatenate([y[:, None], 10 + 3 * np.arange(3) + attr], 1)


def noisy(cap):  # web captions are noisy: wrong digit words, missing words
    cap = cap.copy()
    wrong = rng.random(len(cap)) < 0.1
    cap[wrong, 0] = rng.integers(0, 10, wrong.sum())
    cap[:, 1:][rng.random((len(cap), 3)) < 0.3] = 19
    return cap


image_enc = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 32))
word = nn.Embedding(20, 32)
text_mlp = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 32))
log_scale = nn.Parameter(torch.tensor(np.log(1 / 0.07)))  # learned temperature


def embed(x, cap):
    i = F.normalize(image_enc(torch.tensor(x)), dim=1)
    t = F.normalize(text_mlp(word(torch.tensor(cap)).mean(1)), dim=1)
    return i, t


params = [*image_enc.parameters(), *word.parameters(), *text_mlp.parameters()]
opt = torch.optim.Adam([*params, log_scale], lr=0.005)
losses = []
for _ in range(300):  # batches of 256 image-caption pairs
    b = rng.choice(train, 256, replace=False)
    i, t = embed(X[b], noisy(caption[b]))
    logits = log_scale.exp().clamp(max=100) * i @ t.T  # (256, 256) cosine / tau
    target = torch.arange(256)
    loss = (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
print(
    f"symmetric InfoNCE: first 10 steps {np.mean(losses[:10]):.2f}, "
    f"last 10 {np.mean(losses[-10:]):.2f}  (log 256 = {np.log(256):.2f})"
)
print(f"learned temperature tau = {1 / log_scale.exp().item():.3f}")

with torch.no_grad():
    i, t = embed(X[test], noisy(caption[test]))
    sim = (i @ t.T).numpy()
    groups = np.arange(500).reshape(5, 100)  # retrieve among 100 pairs at a time
    i2t = np.mean([(sim[g][:, g].argmax(1) == np.arange(100)).mean() for g in groups])
    t2i = np.mean([(sim[g][:, g].argmax(0) == np.arange(100)).mean() for g in groups])
    prompts = np.array([[k, 19, 19, 19] for k in range(10)])  # "a k", no other words
    _, p = embed(X[test], prompts)
    zero_shot = float(((i @ p.T).argmax(1).numpy() == y[test]).mean())
print(f"image->text top-1 {i2t:.2f}, text->image top-1 {t2i:.2f}  (chance 0.01)")
print(f"zero-shot accuracy with 10 prompts {zero_shot:.2f}  (chance 0.10)")

assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 2, "the contrastive loss falls"
assert i2t > 0.2 and t2i > 0.2, "retrieval far above chance"
assert zero_shot > 0.8, "zero-shot classification from captions alone"
