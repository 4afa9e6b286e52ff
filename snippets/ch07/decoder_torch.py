import math

import numpy as np
import torch
from torch import nn

SEED = 0
LENGTH, DIGITS = 6, 10  # the task: reverse a sequence of 6 digits
BOS, EOS, VOCAB = 10, 11, 12  # tokens: digits 0-9, begin and end of sequence
D_MODEL, HEADS, D_FF = 64, 4, 128
D_HEAD = D_MODEL // HEADS
N_TRAIN, N_TEST = 1024, 500
EPOCHS, BATCH, LR = 4, 64, 3e-3

torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)


def make_data(n):
    src = rng.integers(0, DIGITS, size=(n, LENGTH))
    target = np.concatenate([src[:, ::-1], np.full((n, 1), EOS)], axis=1)
    # teacher forcing: the decoder reads the target shifted right, BOS first
    dec_in = np.concatenate([np.full((n, 1), BOS), target[:, :-1]], axis=1)
    return src, dec_in, target


src_train, dec_train, tgt_train = make_data(N_TRAIN)
src_test, dec_test, tgt_test = make_data(2 * N_TEST)
seen = (src_test[:, None] == src_train[None]).all(-1).any(-1)  # held out: unseen
src_test, dec_test, tgt_test = (
    a[~seen][:N_TEST] for a in (src_test, dec_test, tgt_test)
)
src_train, dec_train, tgt_train, src_test, dec_test, tgt_test = map(
    torch.from_numpy, (src_train, dec_train, tgt_train, src_test, dec_test, tgt_test)
)


class Attention(nn.Module):
    """Multi-head attention written out, so that the mask and the cache show."""

    def __init__(self):
        super().__init__()
        self.w_q, self.w_k, self.w_v, self.w_o = (
            nn.Linear(D_MODEL, D_MODEL) for _ in range(4)
        )

    def split(self, x):  # (batch, n, d_model) -> (batch, heads, n, d_head)
        return x.reshape(x.shape[0], x.shape[1], HEADS, D_HEAD).transpose(1, 2)

    def keys_values(self, x):
        return self.split(self.w_k(x)), self.split(self.w_v(x))

    def forward(self, x, k, v, mask=None):
        q = self.split(self.w_q(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(D_HEAD)
        if mask is not None:  # True = may attend
            scores = scores.masked_fill(~mask, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v
        return self.w_o(out.transpose(1, 2).reshape(x.shape))


def ffn():
    return nn.Sequential(nn.Linear(D_MODEL, D_FF), nn.ReLU(), nn.Linear(D_FF, D_MODEL))


class Seq2Seq(nn.Module):
    """One post-LN encoder layer and one post-LN decoder layer."""

    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, D_MODEL)
        self.positions = nn.Embedding(LENGTH + 1, D_MODEL)  # learned positions
        self.enc_attn, self.enc_ffn = Attention(), ffn()
        self.self_attn, self.cross_attn, self.dec_ffn = Attention(), Attention(), ffn()
        self.norms = nn.ModuleList(nn.LayerNorm(D_MODEL) for _ in range(5))
        self.out = nn.Linear(D_MODEL, VOCAB)

    def embed(self, tokens, start):  # tokens sit at positions start, start + 1, ...
        positions = torch.arange(start, start + tokens.shape[1])
        return self.tokens(tokens) + self.positions(positions)

    def encode(self, src):
        x = self.embed(src, 0)
        x = self.norms[0](x + self.enc_attn(x, *self.enc_attn.keys_values(x)))
        return self.norms[1](x + self.enc_ffn(x))

    def decode(self, tokens, start, memory_kv, cache=None):
        """Logits for tokens at positions start, ...; cache: (K, V) of positions < start."""
        x = self.embed(tokens, start)
        k, v = self.self_attn.keys_values(x)
        if cache is not None:  # append the new keys/values to the cached ones
            k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
        query_pos = torch.arange(start, start + tokens.shape[1])
        causal = torch.arange(k.shape[2]) <= query_pos[:, None]  # key j <= query i
        x = self.norms[2](x + self.self_attn(x, k, v, causal))
        x = self.norms[3](x + self.cross_attn(x, *memory_kv))  # queries from here
        x = self.norms[4](x + self.dec_ffn(x))
        return self.out(x), (k, v)

    def forward(self, src, dec_in):  # training: all positions in one pass
        memory_kv = self.cross_attn.keys_values(self.encode(src))
        return self.decode(dec_in, 0, memory_kv)[0]


model = Seq2Seq()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
loss_fn = nn.CrossEntropyLoss()
losses = []
for _epoch in range(EPOCHS):
    total = 0.0
    for idx in torch.randperm(N_TRAIN).split(BATCH):
        logits = model(src_train[idx], dec_train[idx])
        loss = loss_fn(logits.reshape(-1, VOCAB), tgt_train[idx].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    losses.append(round(total / N_TRAIN, 3))
print("train loss per epoch:", losses)
model.eval()
count = {"positions": [0, 0], "cross K/V": [0, 0]}  # [without cache, with cache]


def greedy_without_cache(src):
    memory = model.encode(src)
    tokens = torch.full((len(src), 1), BOS)
    step_logits = []
    for _t in range(LENGTH + 1):
        # the whole prefix again, and the cross-attention keys/values again
        logits, _ = model.decode(tokens, 0, model.cross_attn.keys_values(memory))
        count["positions"][0] += tokens.shape[1]
        count["cross K/V"][0] += 1
        step_logits.append(logits[:, -1])
        tokens = torch.cat([tokens, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
    return tokens[:, 1:], torch.stack(step_logits, 1)


def greedy_with_cache(src):
    memory_kv = model.cross_attn.keys_values(model.encode(src))  # once per source
    count["cross K/V"][1] += 1
    token, cache = torch.full((len(src), 1), BOS), None
    generated, step_logits = [], []
    for t in range(LENGTH + 1):
        logits, cache = model.decode(token, t, memory_kv, cache)  # new token at t
        count["positions"][1] += token.shape[1]
        step_logits.append(logits[:, -1])
        token = logits[:, -1].argmax(-1, keepdim=True)
        generated.append(token)
    return torch.cat(generated, 1), torch.stack(step_logits, 1), cache


def kv_cache_bytes(n_layers, n_heads, d_head, n_tokens, bytes_per_number):
    return 2 * n_layers * n_heads * d_head * n_tokens * bytes_per_number


with torch.no_grad():
    forced = model(src_test, dec_test)  # teacher forcing, all positions at once
    changed = dec_test.clone()
    changed[:, 4:] = (changed[:, 4:] + 1) % DIGITS  # alter decoder inputs 4-6
    forced_changed = model(src_test, changed)
    slow_tokens, slow_logits = greedy_without_cache(src_test)
    fast_tokens, fast_logits, cache = greedy_with_cache(src_test)

moved = (forced - forced_changed).abs().amax(dim=(0, 2)) > 0  # per position
forced_acc = (forced.argmax(-1) == tgt_test).double().mean().item()
token_acc = (fast_tokens == tgt_test).double().mean().item()
exact_acc = (fast_tokens == tgt_test).all(-1).double().mean().item()
max_diff = (slow_logits - fast_logits).abs().max().item()
same_tokens = torch.equal(slow_tokens, fast_tokens)
cache_bytes = sum(c.nbytes for c in cache) // len(src_test)
steps = LENGTH + 1


def show(seq):
    return " ".join({BOS: "BOS", EOS: "EOS"}.get(int(t), str(int(t))) for t in seq)


print(
    "causal mask: changing decoder inputs 4-6 moves the logits",
    f"at positions 0-3: {bool(moved[:4].any())}, at 4-6: {bool(moved[4:].all())}",
)
print(f"teacher-forced token accuracy: {forced_acc:.2f}")
print(
    f"greedy decoding of {len(src_test)} held-out sequences:",
    f"token accuracy {token_acc:.2f}, exact sequences {exact_acc:.2f}",
)
print(
    f"cached vs uncached: logits agree within 1e-9: {max_diff < 1e-9},",
    f"same tokens: {same_tokens}",
)
without, with_cache = count["positions"]
print(f"decoder positions computed: {without} without cache, {with_cache} with")
without, with_cache = count["cross K/V"]
print(
    f"cross-attention keys/values computed: {without} times without cache,",
    f"{with_cache} with",
)
print(
    f"self-attention cache after {steps} steps: {cache_bytes} bytes per sequence",
    f"= 2 x 1 layer x {HEADS} heads x {D_HEAD} x {steps} tokens x 8 bytes",
)
big = kv_cache_bytes(32, 32, 128, 4096, 2) / 2**30
print(f"32 layers x 32 heads x 128, 4096 tokens, 16-bit: {big:.1f} GiB per sequence")
for i in range(2):
    print(show(src_test[i]), "->", show(fast_tokens[i]))

assert losses[-1] < losses[0] / 10, "training loss must fall"
assert not moved[:4].any() and moved[4:].all(), "the causal mask hides the future"
assert token_acc >= 0.95 and exact_acc >= 0.9, "the model must learn to reverse"
assert max_diff < 1e-9 and same_tokens, "the cache must not change the result"
assert cache_bytes == kv_cache_bytes(1, HEADS, D_HEAD, steps, 8), "the formula"
assert count == {"positions": [28, 7], "cross K/V": [7, 1]}, "1 + 2 + ... + 7"
assert big == 2.0, "2 x 32 x 32 x 128 x 4096 x 2 bytes = 2 GiB"
