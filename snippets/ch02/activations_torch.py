import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

SEED = 0
WIDTH, DEPTHS, BATCH = 32, [2, 5, 10, 20], 256

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

digits = load_digits()
x = torch.tensor(digits.data[:BATCH] / 16.0)  # float64, pixels in [0, 1]
y = torch.tensor(digits.target[:BATCH])


def he_normal(fan_in, fan_out):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)


def first_layer_grad_norm(weights, activation):
    """Norm of dL/dW for the FIRST layer of a plain MLP, after one batch."""
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    h = x
    for w in params[:-1]:
        h = activation(h @ w)  # hidden layers (biases are 0 here; left out)
    loss = F.cross_entropy(h @ params[-1], y)  # linear output layer, logits
    loss.backward()
    return params[0].grad.norm().item()


rows = []
for depth in DEPTHS:
    # One set of weights per depth, shared by both activations
    sizes = [64] + [WIDTH] * depth + [10]
    weights = [he_normal(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    rows.append([first_layer_grad_norm(weights, f) for f in (torch.sigmoid, F.relu)])
result = np.array(rows)

print("first-layer gradient norm after one batch (same weights, He init)")
print(f"{'hidden layers':>13}{'sigmoid':>11}{'ReLU':>11}{'ReLU/sigmoid':>14}")
for depth, (sig, relu) in zip(DEPTHS, result):
    print(f"{depth:>13}{sig:>11.2e}{relu:>11.2e}{relu / sig:>14.1e}")

sig, relu = result[:, 0], result[:, 1]
assert np.all(np.diff(sig) < 0), "with sigmoid, every extra layer shrinks the gradient"
assert sig[-1] < 1e-6 * sig[0], "20 sigmoid layers: over a million times smaller"
assert np.all((relu > 0.2) & (relu < 2)), "ReLU: the same order at every depth"
