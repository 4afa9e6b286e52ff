import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEED = 0
NOISE = 0.2  # share of training labels replaced by random ones
N_TRAIN, N_VAL = 200, 600  # small training set; the rest is the test set
torch.set_default_dtype(torch.float64)  # small networks: float64 costs little
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

digits = load_digits()  # 1797 8x8 images, bundled with scikit-learn
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.data[order] / 16.0)  # float64
y = torch.tensor(digits.target[order])
x_train, y_train = x[:N_TRAIN], y[:N_TRAIN]
# Replace 20% of the training labels by random ones: fitting them is overfitting.
noisy = torch.from_numpy(rng.random(N_TRAIN) < NOISE)
y_train = torch.where(noisy, torch.from_numpy(rng.integers(0, 10, N_TRAIN)), y_train)
x_val, y_val = x[N_TRAIN : N_TRAIN + N_VAL], y[N_TRAIN : N_TRAIN + N_VAL]


def make_mlp(hidden=256, dropout=0.0):
    torch.manual_seed(SEED)
    return nn.Sequential(
        nn.Linear(64, hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, 10),
    )


def train(model, epochs, lr=1e-3, l2=0.0):
    """Full-batch Adam; per epoch, the cross-entropy on train and val (no penalty)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    history = {"train": [], "val": [], "val_acc": []}
    for _ in range(epochs):
        model.train()
        loss = F.cross_entropy(model(x_train), y_train)
        loss = loss + l2 * sum(w.pow(2).sum() for w in weights)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        model.eval()
        with torch.no_grad():
            val_logits = model(x_val)
            history["train"].append(F.cross_entropy(model(x_train), y_train).item())
            history["val"].append(F.cross_entropy(val_logits, y_val).item())
            history["val_acc"].append(
                (val_logits.argmax(1) == y_val).double().mean().item()
            )
    return history


print(f"train {tuple(x_train.shape)}, validation {tuple(x_val.shape)}, 10 classes")
print(
    f"parameters of the 256-256 MLP: {sum(p.numel() for p in make_mlp().parameters())}"
)
