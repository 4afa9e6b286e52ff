# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

KAPPA = 25.0  # f(w) = (w1^2 + KAPPA * w2^2) / 2: curvature 1 along w1, 25 along w2
START, QUAD_STEPS = (-4.5, 1.0), 40


def f(w):
    return 0.5 * (w[..., 0] ** 2 + KAPPA * w[..., 1] ** 2)


def trajectory(make_optimizer, steps=QUAD_STEPS):
    """Run a real torch.optim optimizer on f; return the visited points."""
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([w])
    points = [w.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        f(w).backward()
        optimizer.step()
        points.append(w.detach().clone())
    return torch.stack(points).numpy()


QUAD_LR = 0.07  # plain gradient descent is stable only for lr < 2 / KAPPA = 0.08
paths = {
    f"SGD, lr={QUAD_LR}": trajectory(lambda p: torch.optim.SGD(p, lr=QUAD_LR)),
    f"SGD + momentum 0.7, lr={QUAD_LR}": trajectory(
        lambda p: torch.optim.SGD(p, lr=QUAD_LR, momentum=0.7)
    ),
    "Adam, lr=0.3": trajectory(lambda p: torch.optim.Adam(p, lr=0.3)),
}

print(f"distance to the minimum (0, 0) after {QUAD_STEPS} steps:")
for label, path in paths.items():
    print(f"  {label:28s} {np.linalg.norm(path[-1]):.2e}")
adam_first = paths["Adam, lr=0.3"][1] - paths["Adam, lr=0.3"][0]
print(f"Adam's first step: {np.round(adam_first, 4)} (gradient at start: (-4.5, 25))")
print(f"Adam overshoots: largest w1 = {paths['Adam, lr=0.3'][:, 0].max():.2f}")

w1, w2 = np.meshgrid(np.linspace(-5, 1.5, 200), np.linspace(-1.6, 1.6, 200))
fig, ax = plt.subplots(figsize=(9, 4.5), facecolor="white")
ax.contour(
    w1,
    w2,
    f(np.stack([w1, w2], axis=-1)),
    levels=np.geomspace(0.05, 40, 12),
    colors="lightgray",
    linewidths=0.8,
)
for (label, path), marker in zip(paths.items(), "o^s"):
    ax.plot(
        path[:, 0], path[:, 1], marker=marker, markersize=3, linewidth=1, label=label
    )
ax.plot(0, 0, "k*", markersize=12, label="minimum")
ax.set_xlabel("w1 (curvature 1)")
ax.set_ylabel("w2 (curvature 25)")
ax.set_title(f"{QUAD_STEPS} steps on f(w) = (w1² + 25·w2²) / 2, starting at {START}")
ax.legend(loc="lower right", fontsize=9)
fig.tight_layout()
plt.show()

dist = {label: np.linalg.norm(path[-1]) for label, path in paths.items()}
sgd, momentum = dist[f"SGD, lr={QUAD_LR}"], dist[f"SGD + momentum 0.7, lr={QUAD_LR}"]
assert momentum < sgd / 10, "momentum gets at least 10x closer than plain SGD"
w2_sgd = paths[f"SGD, lr={QUAD_LR}"][:, 1]
assert np.all(w2_sgd[1:] * w2_sgd[:-1] < 0), "SGD: w2 changes sign at every step"
assert np.allclose(w2_sgd[1:] / w2_sgd[:-1], 1 - KAPPA * QUAD_LR), "factor -0.75"
assert np.allclose(np.abs(adam_first), 0.3, rtol=1e-6), (
    "Adam's first step is lr*sign(g)"
)
# The distances quoted in the text below
adam = dist["Adam, lr=0.3"]
assert abs(sgd - 0.25) < 0.01 and abs(adam - 0.22) < 0.01, "SGD 0.25, Adam 0.22 away"
assert abs(momentum - 0.0028) < 1e-4 and 80 < sgd / momentum < 100, "about 90x closer"
assert abs(paths["Adam, lr=0.3"][:, 0].max() - 0.85) < 0.005, "Adam overshoots to 0.85"
