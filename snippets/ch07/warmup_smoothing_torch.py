import numpy as np
import torch
from torch import nn
from torch.optim.lr_scheduler import LambdaLR

SEED = 0
D_MODEL, WARMUP = 512, 4000  # Transformer base
SHOW_STEPS = [1, 1000, 4000, 8000, 100000]
NUM_CLASSES, EPSILON = 5, 0.1  # label smoothing eps_ls
LABELS = [2, 0, 4]
GD_LR, GD_STEPS = 1.0, [10, 100, 1000]

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(SEED)
logits_np = rng.normal(0.0, 2.0, (len(LABELS), NUM_CLASSES))


def transformer_rate(step):
    """d_model^-0.5 * min(step^-0.5, step * warmup^-1.5), with step = 1 first."""
    return D_MODEL**-0.5 * min(step**-0.5, step * WARMUP**-1.5)


weight = nn.Parameter(torch.zeros(1))
optimizer = torch.optim.Adam([weight], lr=1.0, betas=(0.9, 0.98), eps=1e-9)
# LambdaLR multiplies lr=1.0 by the lambda, which it calls with 0, 1, 2, ...
scheduler = LambdaLR(optimizer, lambda i: transformer_rate(i + 1))
rates = np.array([scheduler.lr_lambdas[0](i) for i in range(2 * WARMUP)])  # 1..8000
used = []  # the rate each of the first real updates uses
for _ in range(3):
    used.append(optimizer.param_groups[0]["lr"])
    loss = (weight - 1.0).pow(2).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
peak_step = int(np.argmax(rates)) + 1
peak_formula = D_MODEL**-0.5 * WARMUP**-0.5

print(f"peak at step {peak_step}: {rates.max():.3e} = d_model^-0.5 * warmup^-0.5")
for s in SHOW_STEPS:
    print(f"rate at step {s:>6}: {scheduler.lr_lambdas[0](s - 1):.3e}")
same = np.allclose(used, rates[:3], rtol=1e-12, atol=0)
print("updates 1, 2, 3 use the rates of steps 1, 2, 3:", same)

# Label smoothing: one-hot targets mixed with the uniform distribution
labels = torch.tensor(LABELS)
logits = torch.tensor(logits_np)
one_hot = nn.functional.one_hot(labels, NUM_CLASSES).double()
smoothed = one_hot * (1 - EPSILON) + EPSILON / NUM_CLASSES
plain_fn = nn.CrossEntropyLoss()  # takes integer class labels
smooth_fn = nn.CrossEntropyLoss(label_smoothing=EPSILON)
plain_loss = plain_fn(logits, labels).item()
smooth_loss = smooth_fn(logits, labels).item()
log_p = torch.log_softmax(logits, dim=-1)
by_hand = (-(smoothed * log_p).sum(-1)).mean().item()

print("smoothed target for class 2:", np.round(smoothed[0].numpy(), 2))
print(f"cross-entropy, plain and smoothed: {plain_loss:.6f} {smooth_loss:.6f}")
print("smoothed loss equals the hand-computed one:", abs(smooth_loss - by_hand) < 1e-12)


def descend(loss_fn, steps):
    """Gradient descent on one example's logits (true class 2), from zeros."""
    z = torch.zeros(1, NUM_CLASSES, requires_grad=True)
    target = labels[:1]
    sgd = torch.optim.SGD([z], lr=GD_LR)
    p_true, gap = [], []
    for step in range(1, max(steps) + 1):
        sgd.zero_grad()
        loss_fn(z, target).backward()
        sgd.step()
        if step in steps:
            zz = z.detach()[0]
            p_true.append(torch.softmax(zz, dim=0)[2].item())
            gap.append((zz[2] - zz[0]).item())  # true logit minus another logit
    return np.array(p_true), np.array(gap)


p_smooth, gap_smooth = descend(smooth_fn, GD_STEPS)
p_plain, gap_plain = descend(plain_fn, GD_STEPS)
print("       smoothed target     one-hot target")
print("steps  p(true)  logit gap  p(true)  logit gap")
for i, s in enumerate(GD_STEPS):
    print(
        f"{s:>5}  {p_smooth[i]:>7.4f}  {gap_smooth[i]:>9.4f}"
        f"  {p_plain[i]:>7.4f}  {gap_plain[i]:>9.4f}"
    )
optimum = 1 - EPSILON + EPSILON / NUM_CLASSES
print(f"optimum with smoothing: p(true) = 1 - eps + eps/K = {optimum:.2f}")

result = np.concatenate([rates, [smooth_loss, plain_loss], p_smooth, p_plain])
assert peak_step == WARMUP, "the rate must peak at step = warmup_steps"
assert abs(rates.max() / peak_formula - 1) < 1e-12, "peak = d_model^-0.5 warmup^-0.5"
assert same and abs(rates[0] / (D_MODEL**-0.5 * WARMUP**-1.5) - 1) < 1e-12, "step 1"
assert abs(smooth_loss - by_hand) < 1e-12, "built-in smoothing = (1-eps) y + eps/K"
assert abs(p_smooth[-1] - optimum) < 1e-9, "smoothing stops p(true) at 1-eps+eps/K"
assert abs(gap_smooth[-1] - np.log(46)) < 1e-9, "gap = log(0.92 / 0.02)"
assert np.all(np.diff(gap_plain) > 1), "without smoothing the logits keep growing"
