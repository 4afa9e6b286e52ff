import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

SEED = 0
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# 8x8 images of handwritten digits, bundled with scikit-learn (no download).
x, y = load_digits(return_X_y=True)
x_train, x_val, y_train, y_val = train_test_split(
    x, y, test_size=0.25, random_state=SEED, stratify=y
)
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
std[std == 0] = 1.0  # pixels that are always 0 in the training images
x_train = torch.tensor((x_train - mean) / std, dtype=torch.float32)
x_val = torch.tensor((x_val - mean) / std, dtype=torch.float32)
y_train, y_val = torch.tensor(y_train), torch.tensor(y_val)

EPOCHS, BATCH = 20, 64
STEPS_PER_EPOCH = len(x_train) // BATCH  # the last, incomplete batch is dropped


def make_mlp(seed=SEED):
    torch.manual_seed(seed)  # every run starts from the same weights
    return nn.Sequential(
        nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)
    )


def train(make_optimizer, epochs=EPOCHS, make_plateau=None, seed=SEED):
    """Minibatch training with the same initial weights and batch order every run."""
    model = make_mlp(seed)
    optimizer = make_optimizer(model.parameters())
    plateau = make_plateau(optimizer) if make_plateau else None
    order = torch.Generator().manual_seed(seed)
    step_losses, val_losses, lrs = [], [], []
    for _ in range(epochs):
        lrs.append(optimizer.param_groups[0]["lr"])  # the lr used in this epoch
        perm = torch.randperm(len(x_train), generator=order)
        for idx in perm[: STEPS_PER_EPOCH * BATCH].view(STEPS_PER_EPOCH, BATCH):
            loss = nn.functional.cross_entropy(model(x_train[idx]), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step_losses.append(loss.item())
        with torch.no_grad():
            val_losses.append(nn.functional.cross_entropy(model(x_val), y_val).item())
            accuracy = (model(x_val).argmax(dim=1) == y_val).float().mean().item()
        if plateau is not None:
            plateau.step(val_losses[-1])  # driven by the validation loss
    steps = np.array(step_losses)
    return {
        "steps": steps,  # loss of every minibatch (NaN once training has diverged)
        "train": steps.reshape(epochs, STEPS_PER_EPOCH).mean(axis=1),  # per epoch
        "val": np.array(val_losses),
        "lr": np.array(lrs),
        "acc": accuracy,
        "weight_norm": torch.cat([p.detach().flatten() for p in model.parameters()])
        .norm()
        .item(),
    }


print(f"train {tuple(x_train.shape)}, validation {tuple(x_val.shape)}, 10 classes")
print(f"MLP 64-64-64-10, {EPOCHS} epochs x {STEPS_PER_EPOCH} minibatches of {BATCH}")
