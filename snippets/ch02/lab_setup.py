import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

SEED = 0
DEPTH, WIDTH = 15, 64  # 15 hidden layers of 64 units, then a 10-way output layer
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# 8x8 images of handwritten digits, bundled with scikit-learn (no download).
x, y = load_digits(return_X_y=True)
x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.25, random_state=SEED, stratify=y
)
mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-8
x_train = torch.tensor((x_train - mean) / std, dtype=torch.float32)
x_test = torch.tensor((x_test - mean) / std, dtype=torch.float32)
y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


def make_mlp(activation, init, seed=SEED):
    """DEPTH hidden layers; init is "glorot" (Var W = 2/(n_in+n_out)) or "he" (2/n_in)."""
    torch.manual_seed(seed)
    layers, n_in = [], x_train.shape[1]
    for _ in range(DEPTH):
        linear = nn.Linear(n_in, WIDTH)
        if init == "glorot":
            nn.init.xavier_normal_(linear.weight)
        else:
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, ACTIVATIONS[activation]()]
        n_in = WIDTH
    head = nn.Linear(n_in, 10)
    nn.init.xavier_normal_(head.weight)
    nn.init.zeros_(head.bias)
    return nn.Sequential(*layers, head)


def linears(model):
    return [m for m in model if isinstance(m, nn.Linear)]


print(f"train {tuple(x_train.shape)}, test {tuple(x_test.shape)}, 10 classes")
print(f"network: {DEPTH} hidden layers x {WIDTH} units + output layer")
