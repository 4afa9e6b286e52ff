import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

# book: tolerance ±0.02
torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: one thread is fastest
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
Xtr, Xte, ytr, yte = map(
    torch.tensor,
    train_test_split(
        X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
    ),
)


def mlp(*sizes):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers[:-1])  # no ReLU after the logits


def accuracy(model):
    with torch.no_grad():
        return (model(Xte).argmax(1) == yte).double().mean().item()


# teacher: the chapter's base model, 20 epochs on all 1,257 training images
teacher = mlp(64, 256, 256, 10)
opt = torch.optim.Adam(teacher.parameters(), lr=1e-3)
for _ in range(20):
    for idx in torch.randperm(len(Xtr)).split(64):
        loss = F.cross_entropy(teacher(Xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()

# the student sees only 100 training images, with labels and the teacher's logits
xs, ys = Xtr[:100], ytr[:100]
with torch.no_grad():
    z_teacher = teacher(xs)


def kd_loss(z, T, alpha):
    hard = F.cross_entropy(z, ys)
    soft = F.kl_div(  # KL(teacher || student) at temperature T
        F.log_softmax(z / T, dim=1),
        F.softmax(z_teacher / T, dim=1),
        reduction="batchmean",
    )
    return alpha * T**2 * soft + (1 - alpha) * hard


def train_student(seed, T, alpha, steps=300):
    torch.manual_seed(seed)
    student = mlp(64, 32, 10)
    opt = torch.optim.Adam(student.parameters(), lr=1e-2)
    for _ in range(steps):  # full batch: the 100 images
        loss = kd_loss(student(xs), T, alpha)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return accuracy(student)


def count(model):
    return sum(p.numel() for p in model.parameters())


print(
    f"teacher  64-256-256-10: {count(teacher):6d} parameters, "
    f"accuracy {accuracy(teacher):.3f}"
)
print(f"student  64-32-10:      {count(mlp(64, 32, 10)):6d} parameters")
acc = {}
runs = [
    ("labels only", 1, 0),
    ("KD T=1", 1, 0.9),
    ("KD T=4", 4, 0.9),
    ("KD T=8", 8, 0.9),
]
for name, T, alpha in runs:
    acc[name] = np.mean([train_student(seed, T, alpha) for seed in range(3)])
    print(f"student, {name:11s}: accuracy {acc[name]:.3f} (mean of 3 seeds)")

assert accuracy(teacher) > 0.93, "the teacher is a good model"
assert acc["KD T=4"] > acc["labels only"] + 0.02, (
    "distillation at T=4 helps the student"
)
assert acc["KD T=4"] < accuracy(teacher), "the student stays below its teacher"
