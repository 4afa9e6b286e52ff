import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.func import functional_call, jacrev, vmap
from torch.nn import functional as F

SEEDS = range(2)
N_TRAIN, HIDDEN, STEPS, LR = 1000, 32, 100, 0.01
LAMBDA_L2, LAMBDA_EWC = 0.1, 100.0
PER_CLASS = 10  # replay buffer: 10 images of each old class, 50 in all

torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.set_default_dtype(torch.float64)
digits = load_digits()


def logits(model, x, y, scenario, params=None):
    out = model(x) if params is None else functional_call(model, params, (x,))
    if (
        scenario == "task"
    ):  # task-incremental: the task is known, score only its classes
        task_of_class = torch.arange(10) // 5
        out = out.masked_fill(task_of_class != (y // 5)[:, None], -torch.inf)
    return out


def train(model, x, y, w, scenario, penalty=None):
    """STEPS full-batch Adam steps on sum_i w_i * CE_i (+ penalty)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(STEPS):
        ce = F.cross_entropy(logits(model, x, y, scenario), y, reduction="none")
        loss = (w * ce).sum() + (penalty(model) if penalty else 0.0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def fisher_diag(model, x, y, scenario):
    """Diagonal Fisher: E_x sum_c p(c|x) (d log p(c|x) / d theta)^2."""
    params = {k: v.detach() for k, v in model.named_parameters()}

    def log_probs(p, xi, yi):
        return F.log_softmax(logits(model, xi[None], yi[None], scenario, p), -1)[0]

    jac = vmap(jacrev(log_probs), in_dims=(None, 0, 0))(params, x, y)
    with torch.no_grad():
        p = F.softmax(logits(model, x, y, scenario), -1)
    return {
        k: (p.view(*p.shape, *[1] * (j.dim() - 2)) * torch.nan_to_num(j) ** 2)
        .sum(1)
        .mean(0)
        for k, j in jac.items()
    }


def run(seed, scenario):
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
    a, b = y_train < 5, y_train >= 5  # task A: digits 0-4, task B: digits 5-9

    def accuracy(model):
        with torch.no_grad():
            hit = logits(model, x_test, y_test, scenario).argmax(1) == y_test
        return [
            hit[y_test < 5].double().mean().item(),
            hit[y_test >= 5].double().mean().item(),
        ]

    def mean_weights(n):
        return torch.full((n,), 1.0 / n)

    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    train(net, x_train[a], y_train[a], mean_weights(int(a.sum())), scenario)
    rows = {"after A": accuracy(net)}
    star = {k: v.detach().clone() for k, v in net.named_parameters()}
    fisher = fisher_diag(net, x_train[a][:100], y_train[a][:100], scenario)
    penalties = {
        "L2": lambda m: (
            LAMBDA_L2 * sum(((p - star[k]) ** 2).sum() for k, p in m.named_parameters())
        ),
        "EWC": lambda m: (
            LAMBDA_EWC
            / 2
            * sum(
                (fisher[k] * (p - star[k]) ** 2).sum() for k, p in m.named_parameters()
            )
        ),
    }
    buffer = torch.cat([torch.nonzero(y_train == c)[:PER_CLASS, 0] for c in range(5)])
    for method in ["naive", "replay", "L2", "EWC"]:
        model = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
        model.load_state_dict(net.state_dict())
        xb, yb, wb = x_train[b], y_train[b], mean_weights(int(b.sum()))
        if method == "replay":  # loss = mean over B + mean over the buffer
            xb, yb = torch.cat([xb, x_train[buffer]]), torch.cat([yb, y_train[buffer]])
            wb = torch.cat([wb, mean_weights(len(buffer))])
        train(model, xb, yb, wb, scenario, penalties.get(method))
        rows[method] = accuracy(model)
    torch.manual_seed(seed)  # upper bound: both tasks at once, from scratch
    joint = nn.Sequential(nn.Linear(64, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))
    train(joint, x_train, y_train, mean_weights(N_TRAIN), scenario)
    rows["joint"] = accuracy(joint)
    return rows


result = {}
for scenario in ["class", "task"]:
    runs = [run(seed, scenario) for seed in SEEDS]
    print(f"{scenario}-incremental, test accuracy on   task A (0-4)  task B (5-9)")
    for method in runs[0]:
        result[scenario, method] = np.mean([r[method] for r in runs], axis=0)
        acc_a, acc_b = result[scenario, method]
        print(f"  {method:8s}{acc_a:32.3f}{acc_b:14.3f}")

r = result
assert r["class", "naive"][0] < 0.05 and r["class", "naive"][1] > 0.9, "forgets A"
assert r["class", "replay"][0] > 0.85 and r["class", "replay"][1] > 0.85, (
    "replay keeps A"
)
assert r["class", "EWC"][0] < r["class", "replay"][0] - 0.1, "class-IL: EWC < replay"
assert r["task", "naive"][0] > 0.8, "task-IL: naive forgets much less"
assert r["task", "EWC"][0] > 0.95 and r["task", "EWC"][1] > 0.9, "task-IL: EWC works"
assert min(r["class", "joint"].min(), r["task", "joint"].min()) > 0.95, "joint"
