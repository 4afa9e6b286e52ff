import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(0)
n, d = 2000, 3
X = rng.normal(size=(n, d))  # states
theta = torch.tensor(rng.normal(size=(d, 2)) * 0.5)  # a linear softmax policy
Wq = rng.normal(size=(d, 2))  # true action values: q(s, a) = 20 + s @ Wq[:, a]
pi = torch.softmax(torch.tensor(X) @ theta, 1).numpy()
a = (rng.random(n) < pi[:, 1]).astype(int)  # actions drawn from the policy
q = 20 + X @ Wq
G = q[np.arange(n), a] + rng.normal(size=n)  # sampled returns, around 20
V = (pi * q).sum(1)  # the true state value under the policy

logits = (torch.tensor(X) @ theta).requires_grad_()
logp = torch.log_softmax(logits, 1)
# per-sample gradient of log pi(a_i|s_i) w.r.t. theta: s_i outer d/dlogits
(dlog,) = torch.autograd.grad(logp[np.arange(n), a].sum(), logits, retain_graph=True)
score = torch.tensor(X) * dlog[:, 1:]  # the column of action 1 (action 0: minus it)
# E_a[grad log pi(a|s)] = sum_a pi(a|s) grad log pi(a|s), exactly, per state
(expected,) = torch.autograd.grad((logp.exp().detach() * logp).sum(), logits)

th = theta.clone().requires_grad_()  # the exact gradient of J = E_s sum_a pi q
J = (torch.softmax(torch.tensor(X) @ th, 1) * torch.tensor(q)).sum(1).mean()
exact = torch.autograd.grad(J, th)[0][:, 1]

result = {"exact": exact.reshape(-1).numpy()}
print(f"E_a[grad log pi] = 0 in every state: {bool(expected.abs().max() < 1e-12)}")
print(f"exact gradient:    {np.round(result['exact'], 2)}")
for name, b in [("no baseline", 0.0), ("mean return", G.mean()), ("V(s)", V)]:
    g = score * torch.tensor(G - b)[:, None]  # one gradient estimate per sample
    result[name] = np.array([*g.mean(0).numpy(), g.var(0, correction=0).sum()])
    print(
        f"{name:12s} mean: {np.round(result[name][:3], 2)} "
        f"variance: {result[name][3]:.1f}"
    )

var = [result[k][3] for k in ["no baseline", "mean return", "V(s)"]]
assert expected.abs().max() < 1e-12, "the score has mean zero under the policy"
assert var[0] > 20 * var[1] and var[1] > var[2], "each baseline cuts the variance"
for k in ["no baseline", "mean return", "V(s)"]:
    err = np.abs(result[k][:3] - result["exact"]).max()
    assert err < 4 * np.sqrt(result[k][3] / n), "every estimate is unbiased (4 s.e.)"
