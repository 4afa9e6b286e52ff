import numpy as np
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
TRIALS = 20000


def biases(q_true, noise_a, noise_b):
    # two independent noisy estimates of the same action values
    qa, qb = torch.tensor(q_true + noise_a), torch.tensor(q_true + noise_b)
    single = qa.max(1).values  # max_a Q_A(a): what the Q-learning target uses
    pick = qa.argmax(1, keepdim=True)  # select with Q_A ...
    double = qb.gather(1, pick)[:, 0]  # ... evaluate with Q_B
    best = q_true.max()
    return (single.mean() - best).item(), (double.mean() - best).item()


def expected_max(k):  # E[max of k standard normals] by numerical integration
    x = torch.linspace(-10, 10, 20001)
    pdf = torch.exp(-(x**2) / 2) / np.sqrt(2 * np.pi)
    cdf = 0.5 * (1 + torch.erf(x / np.sqrt(2)))
    return (torch.sum(x * k * pdf * cdf ** (k - 1)) * (x[1] - x[0])).item()


rows = []
print("true values        actions  E[max noise]  single bias  double bias")
for name, k, q_true in [
    ("all equal (0)", 2, np.zeros(2)),
    ("all equal (0)", 10, np.zeros(10)),
    ("all equal (0)", 100, np.zeros(100)),
    ("0, -0.1, ..., -0.9", 10, -0.1 * np.arange(10)),
]:
    noise_a = rng.standard_normal((TRIALS, k))  # unit noise on every estimate
    noise_b = rng.standard_normal((TRIALS, k))
    single, double = biases(q_true, noise_a, noise_b)
    exact = expected_max(k)
    rows.append([k, exact, single, double])
    shown = f"{exact:.2f}" if q_true.min() == q_true.max() else "-"
    single, double = round(single, 2) + 0.0, round(double, 2) + 0.0  # no "-0.00"
    print(f"{name:18s} {k:7d} {shown:>13s} {single:12.2f} {double:12.2f}")
result = np.array(rows)

assert abs(result[0, 1] - 1 / np.sqrt(np.pi)) < 1e-6, "E[max of 2] = 1/sqrt(pi)"
assert np.allclose(result[:3, 2], result[:3, 1], atol=0.03), "single bias = E[max]"
assert np.all(np.abs(result[:3, 3]) < 0.03), "double estimator: no bias when equal"
assert np.all(np.diff(result[:3, 2]) > 0.5), "the bias grows with the action count"
assert result[3, 3] < -0.05 < 0.3 < result[3, 2], "double can underestimate"
