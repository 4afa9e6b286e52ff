import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.nn import functional as F

SEEDS = range(3)
N_TRAIN, N_LABELED = 1000, 50  # 1000 training images, only 50 carry a digit label
HIDDEN, STEPS, LR = 32, 100, 0.03

torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.set_default_dtype(torch.float64)
digits = load_digits()


def run(seed, aux, weight):
    """Main task: the digit, learned from N_LABELED labels. aux: None, "mod5",
    "random" or "uncertainty" (mod5, weighted by learned log-variances)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(digits.target))
    x = torch.tensor(digits.data[order] / 16.0)
    y = torch.tensor(digits.target[order])
    x_train, y_train, x_test, y_test = (
        x[:N_TRAIN],
        y[:N_TRAIN],
        x[N_TRAIN:],
        y[N_TRAIN:],
    )
    if aux == "random":  # a task unrelated to the digit: random labels, 10 classes
        y_aux = torch.tensor(rng.integers(0, 10, N_TRAIN))
    else:  # a related task, labelled on all 1000 images: the digit modulo 5
        y_aux = y_train % 5
    torch.manual_seed(seed)
    trunk = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU())  # shared by both tasks
    digit_head = nn.Linear(HIDDEN, 10)
    aux_head = nn.Linear(HIDDEN, 10 if aux == "random" else 5)
    log_var = torch.zeros(2, requires_grad=True)  # s_i, used by "uncertainty" only
    params = [*trunk.parameters(), *digit_head.parameters(), *aux_head.parameters()]
    optimizer = torch.optim.Adam(params + [log_var], lr=LR)
    for _ in range(STEPS):  # full batch
        z = trunk(x_train)
        loss_main = F.cross_entropy(digit_head(z[:N_LABELED]), y_train[:N_LABELED])
        loss_aux = F.cross_entropy(aux_head(z), y_aux)
        if aux is None:
            loss = loss_main
        elif aux == "uncertainty":  # sum_i exp(-s_i) L_i + s_i
            losses = torch.stack([loss_main, loss_aux])
            loss = (torch.exp(-log_var) * losses + log_var).sum()
        else:
            loss = loss_main + weight * loss_aux
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        acc = (digit_head(trunk(x_test)).argmax(1) == y_test).double().mean().item()
        weights = torch.exp(-log_var).numpy()
        final = np.array([loss_main.item(), loss_aux.item()])
    return acc, weights, final


settings = [
    ("digit alone", None, 0.0),
    ("+ mod 5, w=0.3", "mod5", 0.3),
    ("+ mod 5, w=1", "mod5", 1.0),
    ("+ mod 5, w=3", "mod5", 3.0),
    ("+ random labels, w=3", "random", 3.0),
    ("+ mod 5, uncertainty", "uncertainty", None),
]
acc = {}
for name, aux, weight in settings:
    runs = [run(seed, aux, weight) for seed in SEEDS]
    acc[name] = np.array([r[0] for r in runs])
    print(
        f"{name:22s} digit test accuracy {acc[name].mean():.3f}  per seed "
        f"{np.round(acc[name], 2).tolist()}"
    )
weights = np.mean([r[1] for r in runs], axis=0)
final = np.mean([r[2] for r in runs], axis=0)
print(f"learned weights exp(-s): digit {weights[0]:.1f}, mod 5 {weights[1]:.1f}")
print(f"final training losses:   digit {final[0]:.3f}, mod 5 {final[1]:.3f}")

alone = acc["digit alone"]
for w in ["0.3", "1", "3"]:
    assert acc[f"+ mod 5, w={w}"].mean() > alone.mean() + 0.01, "a related task helps"
assert acc["+ random labels, w=3"].mean() < alone.mean() - 0.03, (
    "an unrelated task hurts"
)
