# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

CONFIGS = [  # (activation, init, label)
    ("sigmoid", "glorot", "sigmoid + Glorot"),
    ("sigmoid", "he", "sigmoid + He"),
    ("tanh", "glorot", "tanh + Glorot"),
    ("relu", "glorot", "ReLU + Glorot"),
    ("relu", "he", "ReLU + He"),
]

grad_norms = {}  # label -> ||dL/dW|| of layers 1 .. DEPTH + 1, at initialization
for activation, init, label in CONFIGS:
    model = make_mlp(activation, init)
    loss = nn.functional.cross_entropy(model(x_train), y_train)
    loss.backward()
    grad_norms[label] = np.array([m.weight.grad.norm().item() for m in linears(model)])

print("gradient norm of W in layer:      1         8        15   output")
for label, g in grad_norms.items():
    print(f"{label:17s} {g[0]:9.1e} {g[7]:9.1e} {g[DEPTH - 1]:9.1e} {g[-1]:8.1e}")

layer = np.arange(1, DEPTH + 2)
fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
for label, g in grad_norms.items():
    style = "--" if "Glorot" in label and "ReLU" in label else "-"
    ax.semilogy(layer, g, style, marker="o", markersize=4, label=label)
ax.set_xticks(layer, [*map(str, layer[:-1]), "out"])
ax.set_xlabel("layer (1 = next to the input)")
ax.set_ylabel("gradient norm  ||dL/dW||  (log scale)")
ax.set_title(f"Per-layer gradients of a {DEPTH}-hidden-layer MLP at initialization")
ax.grid(True, which="major", alpha=0.3)
ax.legend(loc="lower right", fontsize=9)
fig.tight_layout()
plt.show()

sig, sig_he = grad_norms["sigmoid + Glorot"], grad_norms["sigmoid + He"]
relu_he, relu_glorot = grad_norms["ReLU + He"], grad_norms["ReLU + Glorot"]
assert sig[0] / sig[DEPTH - 1] < 1e-6, "sigmoid: layer 1 gets < 1e-6 of layer 15"
assert 4e-10 < sig[0] < 8e-10 and 0.5 < sig[-1] < 0.7, "sigmoid: ~6e-10 vs ~0.6"
assert 2e-8 < sig_he[0] < 5e-8, "He init alone does not rescue the sigmoid stack"
for label in ("tanh + Glorot", "ReLU + He", "ReLU + Glorot"):
    g = grad_norms[label][:DEPTH]
    assert g.max() / g.min() < 3, f"{label}: hidden layers within a factor of 3"
for label in ("tanh + Glorot", "ReLU + He"):
    g = grad_norms[label]
    assert np.all((g > 0.25) & (g < 1.1)), f"{label}: about 0.3 to 1 in every layer"
assert np.all((relu_glorot > 1e-3) & (relu_glorot < 5e-3)), "ReLU + Glorot: ~0.003"
factors = {}
for label in ("sigmoid + Glorot", "sigmoid + He"):
    g = grad_norms[label]
    factors[label] = (g[0] / g[DEPTH - 1]) ** (1 / (DEPTH - 1))
    print(f"{label}: each layer down multiplies the gradient by {factors[label]:.2f}")
assert abs(factors["sigmoid + Glorot"] - 0.25) < 0.03, "Glorot: about 0.25 per layer"
assert abs(factors["sigmoid + He"] - 0.33) < 0.03, "He: about 0.33 per layer"
ratio = relu_he[:DEPTH].mean() / relu_glorot[:DEPTH].mean()
assert 200 < ratio < 300, "ReLU + Glorot: flat but about 240 times lower"
print(f"ReLU + He / ReLU + Glorot, mean over hidden layers: {ratio:.0f}x")
