import math

import numpy as np
import torch
import torch.nn.functional as F

SEED = 0
N, K = 8, 10  # 8 examples, 10 classes
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

logits_np = (2.0 * rng.standard_normal((N, K))).astype(np.float32)
labels_np = rng.integers(0, K, size=N)
logits, labels = torch.from_numpy(logits_np), torch.from_numpy(labels_np)

# Cross-entropy by hand: log-sum-exp of the logits minus the true class's logit
by_hand = np.mean(
    np.log(np.exp(logits_np).sum(axis=1)) - logits_np[np.arange(N), labels_np]
)
right = F.cross_entropy(logits, labels)  # takes logits, applies log-softmax itself
probs = torch.softmax(logits, dim=1)
via_probs = F.nll_loss(torch.log(probs), labels)  # same loss, from probabilities
double = F.cross_entropy(probs, labels)  # bug: softmax applied twice

# Gradient that reaches the logits, right vs double softmax
z = logits.clone().requires_grad_(True)
F.cross_entropy(z, labels).backward()
grad_right = z.grad.norm().item()
z.grad = None
F.cross_entropy(torch.softmax(z, dim=1), labels).backward()
grad_double = z.grad.norm().item()

# A perfect, confident model: logit 20 on the true class, 0 elsewhere
perfect = 20.0 * F.one_hot(labels, K).float()
perfect_right = F.cross_entropy(perfect, labels).item()
perfect_double = F.cross_entropy(torch.softmax(perfect, dim=1), labels).item()
floor = math.log(math.e + K - 1) - 1  # best loss a double softmax can reach

print(f"cross-entropy by hand (NumPy)      {by_hand:.4f}")
print(f"F.cross_entropy(logits)            {right.item():.4f}")
print(f"F.nll_loss(log(softmax(logits)))   {via_probs.item():.4f}")
print(f"F.cross_entropy(softmax(logits))   {double.item():.4f}  <- double softmax")
print(f"gradient norm: right {grad_right:.4f}, double softmax {grad_double:.4f}")
print(f"perfect model: right {perfect_right:.4f}, double softmax {perfect_double:.4f}")
print(f"floor of the double softmax: log(e + K - 1) - 1 = {floor:.4f}")

# Binary: BCEWithLogitsLoss takes logits, BCELoss takes probabilities
y01 = (labels_np % 2).astype(np.float32)
z1, t1 = torch.from_numpy(logits_np[:, 0]), torch.from_numpy(y01)
bce_logits = F.binary_cross_entropy_with_logits(z1, t1).item()
bce_probs = F.binary_cross_entropy(torch.sigmoid(z1), t1).item()
print(f"binary: with logits {bce_logits:.4f}, from sigmoid {bce_probs:.4f}")
try:
    F.binary_cross_entropy(z1, t1)  # logits where probabilities are expected
    raised = False
except RuntimeError:
    raised = True
print(f"BCE on raw logits raises an error: {raised}")

result = np.array([by_hand, right.item(), double.item(), perfect_right, perfect_double])

assert abs(right.item() - by_hand) < 1e-5, "F.cross_entropy is CE on logits"
assert abs(via_probs.item() - right.item()) < 1e-5, "NLL of log-probs is the same"
assert double.item() != right.item(), "double softmax gives a different loss"
assert grad_double < grad_right / 3, "double softmax shrinks the gradient"
assert perfect_right < 1e-6, "a perfect model has loss ~0"
assert abs(perfect_double - floor) < 1e-4, "double softmax cannot go below its floor"
assert abs(bce_logits - bce_probs) < 1e-5, "the two binary losses agree"
assert raised, "BCELoss rejects values outside [0, 1]"
