import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
# book: tolerance ±5%

# The ring: 8 Gaussians of std 0.02 on a circle of radius 2
angles = 2 * np.pi * np.arange(8) / 8
centres = 2 * np.stack([np.cos(angles), np.sin(angles)], 1)


def real_batch(n):
    return centres[rng.integers(8, size=n)] + 0.02 * rng.normal(size=(n, 2))


def fake_batch(n):  # a generator at the start: a blob at the origin
    return 0.3 * rng.normal(size=(n, 2))


def new_net():  # 2 -> 64 -> 64 -> 1, weights drawn in NumPy
    params = []
    for i, o in [(2, 64), (64, 64), (64, 1)]:
        params.append(torch.tensor(rng.uniform(-1, 1, (i, o)) / np.sqrt(i)))
        params.append(torch.zeros(o))
    return [p.requires_grad_() for p in params]


def net(p, x):
    h = torch.relu(x @ p[0] + p[1])
    h = torch.relu(h @ p[2] + p[3])
    return (h @ p[4] + p[5])[:, 0]


def gen_grads(p, x):
    """Mean norm of d loss / d x at fake points for three generator losses."""
    x = x.clone().requires_grad_()
    out = {}
    for name, fn in [
        ("saturating log(1-D)", lambda s: -torch.nn.functional.softplus(s)),
        ("non-saturating -log D", lambda s: torch.nn.functional.softplus(-s)),
        ("WGAN -f", lambda s: -s),
    ]:
        (g,) = torch.autograd.grad(fn(net(p, x)).sum(), x)
        out[name] = g.norm(dim=1).mean().item()
    return out


x_eval = torch.tensor(fake_batch(1000))
table = {}
for kind in ["GAN discriminator", "WGAN-GP critic"]:
    p = new_net()
    opt = torch.optim.Adam(p, lr=1e-3, betas=(0.5, 0.9))
    for step in range(1, 501):
        x, f = torch.tensor(real_batch(256)), torch.tensor(fake_batch(256))
        if kind == "GAN discriminator":
            sp = torch.nn.functional.softplus  # BCE with logits
            loss = sp(-net(p, x)).mean() + sp(net(p, f)).mean()
        else:
            e = torch.tensor(rng.random((256, 1)))
            xh = (e * x + (1 - e) * f).requires_grad_()
            (g,) = torch.autograd.grad(net(p, xh).sum(), xh, create_graph=True)
            gp = 10 * ((g.norm(dim=1) - 1) ** 2).mean()
            loss = net(p, f).mean() - net(p, x).mean() + gp
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step in (10, 100, 500):
            table[kind, step] = gen_grads(p, x_eval)

print("mean |gradient| reaching the generator's samples")
for kind, losses in [
    ("GAN discriminator", ["saturating log(1-D)", "non-saturating -log D"]),
    ("WGAN-GP critic", ["WGAN -f"]),
]:
    for name in losses:
        row = [f"{table[kind, s][name]:9.2e}" for s in (10, 100, 500)]
        print(f"{name:22s} after 10/100/500 steps:", " ".join(row))

sat = [table["GAN discriminator", s]["saturating log(1-D)"] for s in (10, 100, 500)]
wg = [table["WGAN-GP critic", s]["WGAN -f"] for s in (10, 100, 500)]
assert sat[2] < 1e-2 * sat[1], "the saturating loss's gradient vanishes"
assert all(0.5 < w < 1.5 for w in wg[1:]), "the critic's gradient stays near 1"
