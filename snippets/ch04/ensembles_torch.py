import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600
HIDDEN, EPOCHS, BATCH, LR, MEMBERS = 256, 15, 20, 1e-3, 4

torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.data[order] / 16.0, dtype=torch.float32)
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = torch.from_numpy(rng.random(N_TRAIN) < NOISE)
y_train = torch.where(noisy, torch.from_numpy(rng.integers(0, 10, N_TRAIN)), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL].numpy()


def train_member(seed, idx):
    """One MLP, its own initialization (seed), trained on x_train[idx]."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    idx = torch.as_tensor(idx)
    for _ in range(EPOCHS):
        for batch in idx[torch.randperm(len(idx))].split(BATCH):
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    with torch.no_grad():
        return model(x_val).softmax(dim=1).numpy()  # probabilities


def report(name, probs):
    """probs: (members, n_val, 10). Returns (mean member acc, soft acc, hard acc)."""
    member_acc = (probs.argmax(2) == y_val).mean(axis=1)
    soft = probs.mean(axis=0).argmax(1)  # average the probabilities
    votes = probs.argmax(2)  # each member's label
    hard = np.array([np.bincount(v, minlength=10).argmax() for v in votes.T])
    accs = member_acc.mean(), np.mean(soft == y_val), np.mean(hard == y_val)
    print(f"{name}: members {np.round(member_acc, 3).tolist()}")
    print(
        f"  mean member {accs[0]:.3f}, soft vote {accs[1]:.3f}, hard vote {accs[2]:.3f}"
    )
    return accs


everything = np.arange(N_TRAIN)
seeds = report(
    "different seeds",
    np.stack([train_member(SEED + k, everything) for k in range(MEMBERS)]),
)
boot = [rng.integers(0, N_TRAIN, N_TRAIN) for _ in range(MEMBERS)]  # with replacement
print(
    f"bootstrap samples hold {np.mean([len(set(b)) for b in boot]) / N_TRAIN:.0%} "
    "of the distinct training images"
)
bagging = report(
    "bagging", np.stack([train_member(SEED + k, boot[k]) for k in range(MEMBERS)])
)
assert abs(seeds[1] - seeds[0]) < 0.02, "same data: little gain from seeds alone"
assert bagging[1] > bagging[0] + 0.03, "bagging: soft vote beats its members"
assert bagging[1] >= bagging[2], "bagging: soft voting at least as good as hard"
