import numpy as np
import torch

SEED = 0
BATCH, FEATURES, STEPS = 64, 3, 100

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# Every batch comes from the same distribution: mean 5, standard deviation 2
batches = rng.normal(5.0, 2.0, (STEPS, BATCH, FEATURES))
batches = torch.tensor(batches, dtype=torch.float32)
first = batches[0]


def show(t):
    """Two decimals, without negative zeros."""
    a = np.round(t.detach().numpy().astype(np.float64), 2) + 0.0
    return np.array2string(a, precision=2, floatmode="fixed")


# PyTorch: running = (1 - momentum) * running + momentum * batch statistic
bn = torch.nn.BatchNorm1d(FEATURES, momentum=0.1)

bn.train()
out = bn(first).detach()
print(
    "train mode, output mean:",
    show(out.mean(0)),
    "std:",
    show(out.std(0, correction=0)),
)
print("after 1 step, running mean:", show(bn.running_mean))
bn.eval()
out_eval_1 = bn(first).detach()
print("eval mode, same batch, output mean:", show(out_eval_1.mean(0)))

bn.train()
for batch in batches[1:]:
    bn(batch)
bn.eval()
out_eval = bn(first).detach()
print(f"after {STEPS} steps, running mean:", show(bn.running_mean))
print(f"after {STEPS} steps, running var: ", show(bn.running_var))
print("eval mode, same batch, output mean:", show(out_eval.mean(0)))
result = bn.running_mean.numpy().copy()

bn.train()
try:
    bn(first[:1])
    one_sample = "no error"
except ValueError as error:
    one_sample = str(error)
print("train mode, batch of 1:", one_sample)

assert out.mean(0).abs().max() < 1e-5, "train mode normalizes with the batch mean"
assert out_eval_1.mean(0).min() > 1.0, "after one step eval mode is far off"
assert np.allclose(result, 5.0, atol=0.3), "running mean -> 5"
assert np.abs(np.asarray(out_eval.mean(0))).max() < 0.3, (
    "settled statistics: eval is close to train"
)
assert one_sample.startswith("Expected more than 1 value"), "batch of 1 must fail"
