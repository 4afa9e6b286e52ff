import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
softplus = torch.nn.functional.softplus

# 1. The optimal discriminator on a grid: p_data = N(0, 1), p_g = N(2, 0.5^2).
x = torch.linspace(-6.0, 8.0, 14001)
dx = x[1] - x[0]


def log_normal(x, mu, sd):
    return -0.5 * ((x - mu) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))


log_p, log_q = log_normal(x, 0.0, 1.0), log_normal(x, 2.0, 0.5)
p, q = torch.exp(log_p), torch.exp(log_q)


def value(logit):  # V(D, G) = E_data[log D] + E_g[log(1 - D)], D = sigmoid(logit)
    return float(((-p * softplus(-logit) - q * softplus(logit)) * dx).sum())


logit_star = log_p - log_q  # D*(x) = p / (p + q)
log_m = torch.logaddexp(log_p, log_q) - np.log(2)  # m = (p + q) / 2
jsd = float((0.5 * (p * (log_p - log_m) + q * (log_q - log_m)) * dx).sum())
shifts = np.linspace(-1, 1, 21)  # other discriminators: D = sigmoid(logit* + t)
values = [value(logit_star + t) for t in shifts]
print(f"V(D*, G)       = {value(logit_star):.4f}")
print(f"-log 4 + 2 JSD = {-np.log(4) + 2 * jsd:.4f}")
print(f"V(D = 1/2, G)  = {value(torch.zeros_like(x)):.4f}")
print(
    f"best of 21 discriminators sigmoid(logit* + t): t = {shifts[np.argmax(values)]:.1f}"
)

# 2. The generator's gradient when D rejects its samples: G(z) = mu + z and
# D(x) = sigmoid(b - 3x); the smaller b, the surer D is that the fakes are fake.
z = torch.tensor(rng.standard_normal(1000))
mu = torch.tensor(3.0, requires_grad=True)
rows = []
print("mean D(G(z))  |dL/dmu| saturating  non-saturating   ratio")
for b in [9.0, 6.0, 3.0, 0.0, -3.0]:
    t = b - 3.0 * (mu + z)  # D's logit on the fakes
    loss_sat = -softplus(t).mean()  # mean log(1 - D(G(z))), G minimizes it
    loss_ns = softplus(-t).mean()  # mean -log D(G(z))
    (g_sat,) = torch.autograd.grad(loss_sat, mu, retain_graph=True)
    (g_ns,) = torch.autograd.grad(loss_ns, mu)
    assert float(g_sat) * float(g_ns) > 0, "both losses push the fakes the same way"
    rows.append(
        [float(torch.sigmoid(t.detach()).mean()), abs(float(g_sat)), abs(float(g_ns))]
    )
    d, gs, gn = rows[-1]
    print(f"{d:12.4f}  {gs:19.4f}  {gn:14.4f}  {gs / gn:6.4f}")

rows = np.array(rows)
result = {"values": np.array(values), "jsd": np.array(jsd), "grads": rows}
assert abs(value(logit_star) - (-np.log(4) + 2 * jsd)) < 1e-9, (
    "V(D*,G) = -log 4 + 2 JSD"
)
assert max(values) == values[10], "no other discriminator of the family does better"
d, gs, gn = rows[-1]
assert d < 0.01 and gs < 0.01 * gn, "saturating loss: the gradient vanishes"
assert np.allclose(rows[:, 1] / rows[:, 2], rows[:, 0] / (1 - rows[:, 0])), "D/(1-D)"
