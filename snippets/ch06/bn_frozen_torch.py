import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

SEED, BATCH = 0, 10
torch.set_default_dtype(torch.float64)
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
x_all, y_all = torch.tensor(digits.data / 16.0), torch.tensor(digits.target)
order = rng.permutation(len(y_all))
src = order[(y_all[order] < 5).numpy()]
tgt = order[(y_all[order] >= 5).numpy()]
src_train, src_test = src[:600], src[600:]  # digits 0-4
tgt_train, tgt_test = tgt[:100], tgt[100:]  # digits 5-9, only 100 labels

trunk = nn.Sequential(nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU())
old_head = nn.Linear(64, 5)


def accuracy(head, idx, offset):
    trunk.eval()  # evaluation always uses the running statistics
    with torch.no_grad():
        pred = head(trunk(x_all[idx])).argmax(1)
    return (pred == y_all[idx] - offset).double().mean().item()


# Pretrain trunk + old head on digits 0-4.
opt = torch.optim.Adam([*trunk.parameters(), *old_head.parameters()], lr=0.01)
trunk.train()
for _ in range(100):
    opt.zero_grad()
    nn.functional.cross_entropy(
        old_head(trunk(x_all[src_train])), y_all[src_train]
    ).backward()
    opt.step()
pretrained = {k: v.clone() for k, v in trunk.state_dict().items()}
base_old = accuracy(old_head, src_test, 0)
print(f"pretrained trunk, digits 0-4 test accuracy: {base_old:.3f}")


def train_new_head(bn_eval):
    trunk.load_state_dict(pretrained)
    trunk.requires_grad_(False)  # freezes the weights, not the running statistics
    torch.manual_seed(SEED)
    head = nn.Linear(64, 5)
    opt = torch.optim.Adam(head.parameters(), lr=0.01)
    for _ in range(5):
        trunk.train()
        head.train()
        if bn_eval:
            trunk.eval()  # BatchNorm now uses (and keeps) its running statistics
        for batch in np.array_split(
            rng.permutation(tgt_train), len(tgt_train) // BATCH
        ):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(
                head(trunk(x_all[batch])), y_all[batch] - 5
            )
            loss.backward()
            opt.step()
    bn = trunk[1]
    drift = (bn.running_mean - pretrained["1.running_mean"]).abs().max().item()
    return drift, accuracy(head, tgt_test, 5), accuracy(old_head, src_test, 0)


results = {}
for name, bn_eval in (
    ("requires_grad_(False) only", False),
    ("+ BatchNorm in eval()", True),
):
    results[bn_eval] = drift, new_acc, old_acc = train_new_head(bn_eval)
    print(f"{name}:")
    print(f"  running_mean moved by up to {drift:.3f}")
    print(f"  digits 5-9 accuracy {new_acc:.3f}, old head on digits 0-4 {old_acc:.3f}")

assert results[True][0] == 0.0, "in eval mode the running statistics stay put"
assert results[True][2] == base_old, "so the old task is untouched"
assert results[False][0] > 0.1, "in train mode they drift to the new data"
assert results[False][2] < base_old - 0.01, "and the 'frozen' trunk changed"
