import numpy as np
import torch
from torch import nn

SEED = 0
PAD, CLS, SEP, MASK = 0, 1, 2, 3  # special tokens; words are 4..VOCAB-1
VOCAB, BATCH, LEN = 1000, 2048, 128
rng = np.random.default_rng(SEED)


def make_batch():
    """[CLS] sentence A [SEP] sentence B [SEP] [PAD] ..., random lengths."""
    ids = rng.integers(4, VOCAB, size=(BATCH, LEN))
    len_a = rng.integers(10, 60, BATCH)
    len_b = rng.integers(10, 60, BATCH)
    pos = np.arange(LEN)
    ids[:, 0] = CLS
    ids[pos == len_a[:, None] + 1] = SEP
    ids[pos == (len_a + len_b)[:, None] + 2] = SEP
    ids[pos > (len_a + len_b)[:, None] + 2] = PAD
    return torch.from_numpy(ids)


def mask_tokens(ids, rng, p=0.15):
    """BERT's masking: choose p of the non-special tokens; of those, 80% -> [MASK],
    10% -> a random word, 10% unchanged. Labels are -100 (ignored) elsewhere."""
    u_select, u_action = (torch.from_numpy(rng.random(ids.shape)) for _ in range(2))
    random_words = torch.from_numpy(rng.integers(4, VOCAB, ids.shape))
    special = (ids == PAD) | (ids == CLS) | (ids == SEP)
    selected = (u_select < p) & ~special
    inputs = ids.clone()
    inputs[selected & (u_action < 0.8)] = MASK
    to_random = selected & (u_action >= 0.8) & (u_action < 0.9)
    inputs[to_random] = random_words[to_random]
    labels = torch.where(selected, ids, torch.full_like(ids, -100))
    return inputs, labels


ids = make_batch()
inputs, labels = mask_tokens(ids, rng)
special = (ids == PAD) | (ids == CLS) | (ids == SEP)
selected = labels != -100
n_sel = selected.sum().item()
frac_selected = n_sel / (~special).sum().item()
frac_mask = (inputs[selected] == MASK).sum().item() / n_sel
frac_same = (inputs[selected] == ids[selected]).sum().item() / n_sel
frac_random = 1 - frac_mask - frac_same
print(f"ordinary tokens in the batch: {(~special).sum().item()}, selected: {n_sel}")
print(f"selected fraction: {frac_selected:.3f}  (target 0.150)")
print(
    f"of the selected: [MASK] {frac_mask:.3f}, random {frac_random:.3f}, "
    f"unchanged {frac_same:.3f}"
)
print("special tokens selected:", (selected & special).sum().item())
print("positions changed but not selected:", ((inputs != ids) & ~selected).sum().item())

# The loss counts only the selected positions: cross-entropy ignores label -100.
# (Random logits for the first 16 sequences stand in for a model's output.)
n = 16
logits = torch.from_numpy(rng.normal(size=(n, LEN, VOCAB))).requires_grad_()
loss = nn.functional.cross_entropy(logits.reshape(-1, VOCAB), labels[:n].reshape(-1))
loss.backward()
log_p = torch.log_softmax(logits.detach(), -1)[selected[:n]]
by_hand = -log_p.gather(1, ids[:n][selected[:n]][:, None]).mean()
grad_elsewhere = logits.grad[~selected[:n]].abs().max().item()
print(f"loss {loss.item():.4f} = mean over selected positions {by_hand.item():.4f}")
print("largest gradient at unselected positions:", grad_elsewhere)

# Same seed, same decisions: the function is deterministic.
again, _ = mask_tokens(ids, np.random.default_rng(SEED + 1))
repeat, _ = mask_tokens(ids, np.random.default_rng(SEED + 1))
result = inputs.numpy()  # identical in the TensorFlow version

assert abs(frac_selected - 0.15) < 0.005, "15% of the ordinary tokens are selected"
assert abs(frac_mask - 0.8) < 0.01, "80% of the selected become [MASK]"
assert abs(frac_random - 0.1) < 0.01 and abs(frac_same - 0.1) < 0.01, "10% / 10%"
assert (selected & special).sum() == 0, "special tokens are never selected"
assert ((inputs != ids) & ~selected).sum() == 0, "only selected positions change"
assert torch.isclose(loss, by_hand), "the loss is a mean over the selected positions"
assert grad_elsewhere == 0.0, "unselected positions get no gradient"
assert torch.equal(again, repeat), "same seed, same masking"
