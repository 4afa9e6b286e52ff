# book: tolerance ±0.03
import numpy as np
import torch
from torch import nn

SEED = 0
SR = 8000  # sample rate (Hz); 0.5 s clips
WIN, HOP, N_MELS = 200, 80, 24  # 25 ms window, 10 ms hop
CLASSES = ["rising chirp", "falling chirp", "two tones", "noise burst"]
N_TRAIN, N_TEST = 320, 400
D, EPOCHS, BATCH, LR = 32, 5, 40, 1e-2

rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)


def make_clips(n):
    """Synthetic 0.5 s clips of the four classes, in background noise."""
    t = np.arange(SR // 2) / SR
    y = np.arange(n) % 4
    x = np.zeros((n, len(t)))
    for i, c in enumerate(y):
        lo, hi = rng.uniform(300, 1200), rng.uniform(2000, 3400)
        if c < 2:  # linear chirp: the frequency moves from f0 to f1
            f0, f1 = (lo, hi) if c == 0 else (hi, lo)
            x[i] = np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t**2))
        elif c == 2:  # two steady tones at once
            x[i] = 0.5 * (np.sin(2 * np.pi * lo * t) + np.sin(2 * np.pi * hi * t))
        else:  # a burst of white noise somewhere in the clip
            start = rng.integers(0, len(t) // 2)
            x[i, start : start + len(t) // 3] = rng.normal(size=len(t) // 3)
        x[i] *= rng.uniform(0.3, 1.0)
    return x + 0.1 * rng.normal(size=x.shape), y


def mel_matrix(n_bins, n_mels, sr, f_lo=60.0, f_hi=3800.0):
    """Triangular filters equally spaced on the mel scale (HTK formula)."""
    to_mel = lambda f: 1127.0 * np.log1p(f / 700.0)  # noqa: E731
    mel = to_mel(np.linspace(0, sr / 2, n_bins))[:, None]
    edges = np.linspace(to_mel(f_lo), to_mel(f_hi), n_mels + 2)
    lo, mid, hi = edges[:-2], edges[1:-1], edges[2:]
    w = np.maximum(0, np.minimum((mel - lo) / (mid - lo), (hi - mel) / (hi - mid)))
    w[0] = 0.0  # no weight on the DC bin
    return w  # (n_bins, n_mels)


MEL = torch.tensor(mel_matrix(WIN // 2 + 1, N_MELS, SR))


def log_mel(x):
    spec = torch.stft(
        torch.tensor(x),
        n_fft=WIN,
        hop_length=HOP,
        window=torch.hann_window(WIN),
        center=False,
        return_complex=True,
    )  # (batch, freq, frames)
    power = spec.abs() ** 2
    return torch.log(power.transpose(1, 2) @ MEL + 1e-6)  # (batch, frames, mels)


x_train, y_train = make_clips(N_TRAIN)
x_test, y_test = make_clips(N_TEST)
f_train, f_test = log_mel(x_train), log_mel(x_test)
mu, sd = f_train.mean(), f_train.std()  # one global normalization
f_train, f_test = (f_train - mu) / sd, (f_test - mu) / sd
y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)
FRAMES = f_train.shape[1]
print(f"log-mel features: {FRAMES} frames x {N_MELS} mel bands per clip")
result = f_train[:2].numpy()  # the features of two clips, for parity
k = np.arange(FRAMES)[:, None] / 10000 ** (np.arange(0, D, 2) / D)
POS = torch.tensor(np.concatenate([np.sin(k), np.cos(k)], 1))  # (frames, D)


class SpeechClassifier(nn.Module):
    """Frames -> self-attention -> attention pooling -> class scores."""

    def __init__(self, positions):
        super().__init__()
        self.inp = nn.Linear(N_MELS, D)
        self.positions = positions
        self.attn = nn.MultiheadAttention(D, 2, batch_first=True)
        self.norm = nn.LayerNorm(D)
        self.score = nn.Linear(D, 1)  # attention pooling: one score per frame
        self.out = nn.Linear(D, len(CLASSES))

    def forward(self, f):
        h = self.inp(f)
        if self.positions:
            h = h + POS  # sinusoidal positional encoding
        h = self.norm(h + self.attn(h, h, h, need_weights=False)[0])
        alpha = torch.softmax(self.score(h).squeeze(-1), dim=1)  # over frames
        return self.out((alpha.unsqueeze(-1) * h).sum(1)), alpha


def train_and_test(positions):
    torch.manual_seed(SEED)
    model = SpeechClassifier(positions)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(EPOCHS):
        for idx in torch.randperm(N_TRAIN).split(BATCH):
            loss = nn.functional.cross_entropy(model(f_train[idx])[0], y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        logits, alpha = model(f_test)
    pred = logits.argmax(1)
    per_class = [(pred[y_test == c] == c).double().mean().item() for c in range(4)]
    return (pred == y_test).double().mean().item(), per_class, alpha


acc = {}
for positions in [True, False]:
    name = "with positions" if positions else "no positions"
    acc[name], per_class, alpha = train_and_test(positions)
    print(f"{name}: test accuracy {acc[name]:.2f}")
    if positions:
        print(
            "  per class:",
            ", ".join(f"{c} {a:.2f}" for c, a in zip(CLASSES, per_class)),
        )
    else:
        chirps = (per_class[0] + per_class[1]) / 2
        print(f"  rising vs falling chirp: {chirps:.2f} correct (chance 0.50)")

assert FRAMES == 1 + (SR // 2 - WIN) // HOP == 48, "48 frames of 25 ms every 10 ms"
assert acc["with positions"] > 0.95, "with positions the model tells all four apart"
assert acc["no positions"] < 0.85, "without positions it cannot"
assert abs(chirps - 0.5) < 0.15, "it cannot tell rising from falling chirps"
