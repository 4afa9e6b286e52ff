# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

STEPS, BATCH, LR, CLIP = 400, 64, 0.03, 1.0


def dead_fraction(model, x):
    """Share of hidden ReLU units that output 0 for every example in x."""
    dead, h = [], x
    with torch.no_grad():
        for module in model:
            h = module(h)
            if isinstance(module, nn.ReLU):
                dead.append((h > 0).sum(dim=0) == 0)
    return torch.cat(dead).float().mean().item()


def train(activation, init, lr=LR, seed=SEED):
    """SGD with momentum on minibatches; returns per-step losses and a summary."""
    model = make_mlp(activation, init, seed)
    first = model[0].weight.detach().clone()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    batches = torch.Generator().manual_seed(seed)
    losses, dead = [], []
    for step in range(STEPS):
        idx = torch.randint(0, len(x_train), (BATCH,), generator=batches)
        loss = nn.functional.cross_entropy(model(x_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), CLIP)  # keeps big steps finite
        optimizer.step()
        losses.append(loss.item())
        if activation == "relu" and (step % 20 == 0 or step == STEPS - 1):
            dead.append((step, dead_fraction(model, x_train)))
    with torch.no_grad():
        accuracy = (model(x_test).argmax(dim=1) == y_test).float().mean().item()
        moved = ((model[0].weight - first).norm() / first.norm()).item()
    return {"losses": np.array(losses), "acc": accuracy, "moved": moved, "dead": dead}


runs = {
    "sigmoid + Glorot": train("sigmoid", "glorot"),
    "tanh + Glorot": train("tanh", "glorot"),
    "ReLU + He": train("relu", "he"),
}


def smooth(v, k=20):  # mean of the last k minibatch losses
    return np.convolve(v, np.ones(k) / k, mode="valid")


print(f"ln 10 = {np.log(10):.3f} (loss of a uniform guess over 10 classes)")
print("run               loss(last 20 steps)  test acc  layer-1 weights moved")
for label, r in runs.items():
    print(
        f"{label:17s} {r['losses'][-20:].mean():12.3f} {r['acc']:14.1%} {r['moved']:13.1e}"
    )

fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
for label, r in runs.items():
    ax.plot(np.arange(20, STEPS + 1), smooth(r["losses"]), label=label)
ax.axhline(np.log(10), color="gray", linestyle=":", label="ln 10 (uniform guess)")
ax.set_xlabel("training step (minibatch of 64)")
ax.set_ylabel("cross-entropy loss (mean of last 20 steps)")
ax.set_title(f"Training the same {DEPTH}-hidden-layer MLP on digits, SGD lr={LR}")
ax.set_ylim(0, 2.6)
ax.grid(True, alpha=0.3)
ax.legend(loc="center right", fontsize=9)
fig.tight_layout()
plt.show()

# What the text below says; the tanh and ReLU numbers move a little from one CPU to
# another (training amplifies rounding differences), so the checks leave room
sig, tanh, relu = runs["sigmoid + Glorot"], runs["tanh + Glorot"], runs["ReLU + He"]
assert abs(sig["losses"][-20:].mean() - np.log(10)) < 0.02, "sigmoid stays at ln 10"
assert sig["acc"] < 0.15, "sigmoid stack is at chance level"
assert sig["moved"] < 1e-8, "sigmoid: layer 1 barely moves"
for label, r in (("tanh + Glorot", tanh), ("ReLU + He", relu)):
    assert r["losses"][-20:].mean() < 0.1, f"{label}: loss below 0.1"
    assert r["acc"] > 0.85, f"{label}: test accuracy about 90% or more"
    assert 0.15 < r["moved"] < 0.5, f"{label}: layer 1 moves by roughly 20-40%"
assert tanh["losses"].mean() < relu["losses"].mean(), "tanh goes down a bit faster"
