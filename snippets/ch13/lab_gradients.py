import matplotlib.pyplot as plt
import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
S, B, STEPS = 4, 256, 1000  # seeds trained side by side, batch, discriminator steps

angles = 2 * np.pi * np.arange(8) / 8
centres = 2 * np.stack([np.cos(angles), np.sin(angles)], 1)


def real_batch(n):
    x = centres[rng.integers(8, size=(S, n))] + 0.02 * rng.normal(size=(S, n, 2))
    return torch.tensor(x)


def fake_batch(n):  # a generator at the start: a blob at the origin
    return torch.tensor(0.3 * rng.normal(size=(S, n, 2)))


def new_net():  # S independent nets 2 -> 64 -> 64 -> 1
    params = []
    for i, o in [(2, 64), (64, 64), (64, 1)]:
        params.append(torch.tensor(rng.uniform(-1, 1, (S, i, o)) / np.sqrt(i)))
        params.append(torch.zeros(S, 1, o))
    return [p.requires_grad_() for p in params]


class Net:
    def __init__(self, spectral=False):
        self.p, self.spectral = new_net(), spectral
        self.u = [torch.tensor(rng.normal(size=(S, o, 1))) for o in (64, 64, 1)]

    def weights(self):
        Ws = self.p[::2]
        if not self.spectral:
            return Ws
        out = []
        for k, W in enumerate(Ws):  # one power iteration per call, u kept
            with torch.no_grad():
                v = W @ self.u[k]
                v = v / v.norm(dim=1, keepdim=True)
                u = W.transpose(1, 2) @ v
                self.u[k] = u / u.norm(dim=1, keepdim=True)
            sigma = v.transpose(1, 2) @ W @ self.u[k]
            out.append(W / sigma)
        return out

    def __call__(self, x):
        W, b = self.weights(), self.p[1::2]
        h = torch.relu(torch.baddbmm(b[0], x, W[0]))
        h = torch.relu(torch.baddbmm(b[1], h, W[1]))
        return torch.baddbmm(b[2], h, W[2])[..., 0]


sp = torch.nn.functional.softplus
x_eval = fake_batch(1000)


def grad_norm(net, loss):
    x = x_eval.clone().requires_grad_()
    (g,) = torch.autograd.grad(loss(net(x)).sum(), x)
    return g.norm(dim=2).mean().item()  # mean over samples and seeds


setups = {  # curve name: the discriminator or critic it is measured on
    "GAN, saturating log(1-D)": "bce",
    "GAN, non-saturating -log D": "bce",
    "SN-GAN, saturating log(1-D)": "bce_sn",
    "WGAN, clipping c=0.01": "clip",
    "WGAN-GP": "gp",
}
gen_loss = {
    "GAN, saturating log(1-D)": lambda s: -sp(s),
    "GAN, non-saturating -log D": lambda s: sp(-s),
    "SN-GAN, saturating log(1-D)": lambda s: -sp(s),
    "WGAN, clipping c=0.01": lambda s: -s,
    "WGAN-GP": lambda s: -s,
}
checkpoints = np.unique(np.geomspace(1, STEPS, 30).astype(int))
curves = {name: [] for name in setups}
for kind in ["bce", "bce_sn", "clip", "gp"]:
    net = Net(spectral=kind == "bce_sn")
    if kind == "clip":  # the WGAN paper's optimizer and learning rate
        opt = torch.optim.RMSprop(net.p, lr=5e-5)
    else:
        opt = torch.optim.Adam(net.p, lr=1e-3, betas=(0.5, 0.9))
    for step in range(1, STEPS + 1):
        x, f = real_batch(B), fake_batch(B)
        if kind in ("bce", "bce_sn"):
            loss = sp(-net(x)).mean() + sp(net(f)).mean()
        elif kind == "clip":
            loss = net(f).mean() - net(x).mean()
        else:
            e = torch.tensor(rng.random((S, B, 1)))
            xh = (e * x + (1 - e) * f).requires_grad_()
            (g,) = torch.autograd.grad(net(xh).sum(), xh, create_graph=True)
            gp = 10 * ((g.norm(dim=2) - 1) ** 2).mean()
            loss = net(f).mean() - net(x).mean() + gp
        opt.zero_grad()
        (loss * S).backward()  # each seed's nets get their own gradient
        opt.step()
        if kind == "clip":
            with torch.no_grad():
                for p in net.p:
                    p.clamp_(-0.01, 0.01)
        if step in checkpoints:
            for name, k in setups.items():
                if k == kind:
                    curves[name].append(grad_norm(net, gen_loss[name]))

fig, ax = plt.subplots(figsize=(7, 4), facecolor="white")
for name, c in curves.items():
    ax.loglog(checkpoints, c, label=name, ls="--" if "GAN," in name else "-")
ax.set(
    xlabel="discriminator / critic training steps",
    ylabel="mean |gradient| at generated samples (4 seeds)",
)
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

for name, c in curves.items():
    print(f"{name:28s} peak {max(c):9.2e}, after {STEPS} steps {c[-1]:9.2e}")

peak = {name: max(c) for name, c in curves.items()}
final = {name: c[-1] for name, c in curves.items()}
sat, ns, sn = (
    "GAN, saturating log(1-D)",
    "GAN, non-saturating -log D",
    "SN-GAN, saturating log(1-D)",
)
assert final[sat] < 1e-3 * peak[sat], "the saturating gradient vanishes"
assert final[ns] > 1, "the non-saturating gradient does not vanish"
assert final[sn] > 0.5 * peak[sn], "with spectral normalization it does not vanish"
assert peak["WGAN, clipping c=0.01"] < 0.01, "clipping sets a tiny gradient scale"
assert 0.8 < final["WGAN-GP"] < 1.3, "the penalized critic's gradient is near 1"
