import numpy as np
import torch
from torch import nn

SEED = 0
DIGITS, BOS = 10, 10  # tokens 0..9; BOS starts every decoder input
SEQ_LEN = 6
N_TRAIN, N_TEST = 2048, 512
EMBED, HIDDEN = 16, 64
EPOCHS, BATCH, LR = 3, 64, 5e-3

rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.manual_seed(SEED)


def make_data(n):
    """Reverse a digit sequence. Teacher forcing: decoder input = BOS + target[:-1]."""
    src = rng.integers(0, DIGITS, size=(n, SEQ_LEN))
    tgt = src[:, ::-1].copy()
    dec_in = np.concatenate([np.full((n, 1), BOS), tgt[:, :-1]], axis=1)
    return torch.from_numpy(src), torch.from_numpy(dec_in), torch.from_numpy(tgt)


src_train, dec_train, tgt_train = make_data(N_TRAIN)
src_test, _, tgt_test = make_data(N_TEST)


class Seq2Seq(nn.Module):
    """GRU encoder-decoder; each decoder state s_t attends over encoder states h_j.

    Both variants attend after the decoder step (Luong et al.'s layout), so only the
    score differs; Bahdanau et al. score s_(t-1) and feed the context into the GRU.
    """

    def __init__(self, score):
        super().__init__()
        self.score = score
        self.src_embed = nn.Embedding(DIGITS, EMBED)
        self.dec_embed = nn.Embedding(DIGITS + 1, EMBED)
        self.encoder = nn.GRU(EMBED, HIDDEN, batch_first=True)
        self.decoder = nn.GRU(EMBED, HIDDEN, batch_first=True)
        if score == "additive":
            self.w1 = nn.Linear(HIDDEN, HIDDEN, bias=False)
            self.w2 = nn.Linear(HIDDEN, HIDDEN, bias=False)
            self.v = nn.Linear(HIDDEN, 1, bias=False)
        self.combine = nn.Linear(2 * HIDDEN, HIDDEN)
        self.out = nn.Linear(HIDDEN, DIGITS)

    def forward(self, src, dec_in):
        h, state = self.encoder(self.src_embed(src))
        s, _ = self.decoder(self.dec_embed(dec_in), state)
        if self.score == "additive":  # Bahdanau: v^T tanh(W1 s_t + W2 h_j)
            w1_s = self.w1(s)[:, :, None, :]
            w2_h = self.w2(h)[:, None, :, :]
            scores = self.v(torch.tanh(w1_s + w2_h)).squeeze(-1)
        else:  # Luong dot: s_t^T h_j
            scores = s @ h.transpose(1, 2)
        weights = torch.softmax(scores, dim=-1)  # (batch, decoder step, source pos.)
        context = weights @ h
        x = torch.tanh(self.combine(torch.cat([s, context], dim=-1)))
        return self.out(x), weights


def greedy_decode(model, src):
    """Feed back the argmax. The decoder is causal, so step t ignores later inputs."""
    dec_in = torch.full_like(src, BOS)
    for t in range(SEQ_LEN):
        logits, weights = model(src, dec_in)
        if t + 1 < SEQ_LEN:
            dec_in[:, t + 1] = logits[:, t].argmax(-1)
    return logits.argmax(-1), weights


results = {}
for score in ["additive", "dot"]:
    torch.manual_seed(SEED)
    model = Seq2Seq(score)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _epoch in range(EPOCHS):
        total = 0.0
        for idx in torch.randperm(N_TRAIN).split(BATCH):
            logits, _ = model(src_train[idx], dec_train[idx])
            loss = loss_fn(logits.reshape(-1, DIGITS), tgt_train[idx].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        losses.append(round(total / N_TRAIN, 3))
    with torch.no_grad():
        pred, weights = greedy_decode(model, src_test)
    weights = weights.numpy()
    token_acc = (pred == tgt_test).float().mean().item()
    seq_acc = (pred == tgt_test).all(dim=1).float().mean().item()
    # Reversal: decoder step t should look at source position SEQ_LEN - 1 - t.
    on_diagonal = np.mean(weights.argmax(-1) == np.arange(SEQ_LEN)[::-1])
    print(
        f"{score:>8}: loss {losses}, token acc {token_acc:.2f}, seq acc {seq_acc:.2f}"
    )
    results[score] = token_acc, weights, on_diagonal

for score, (token_acc, weights, on_diagonal) in results.items():
    print(f"{score}: mean weights (rows: decoder steps, columns: source positions)")
    with np.printoptions(precision=2, suppress=True):
        print(weights.mean(axis=0))
    print(f"{score}: largest weight on the mirrored position: {on_diagonal:.2f}")
    assert np.allclose(weights.sum(-1), 1.0, atol=1e-5), "weights sum to 1"
    assert token_acc > 0.8, f"{score} attention must learn to reverse (chance: 0.1)"

# Reversal: step t should look at source position SEQ_LEN - 1 - t (the anti-diagonal).
mirrored = np.arange(SEQ_LEN)[::-1]
dot_peaks = results["dot"][1].mean(axis=0).argmax(axis=-1)
additive_peaks = results["additive"][1].mean(axis=0).argmax(axis=-1)
assert np.array_equal(dot_peaks, mirrored), "dot: peaks on the anti-diagonal"
assert np.array_equal(additive_peaks[1:], mirrored[1:] + 1), "additive: one step behind"
assert results["dot"][2] > 0.6 and results["additive"][2] < 0.4, "only dot aligns"
