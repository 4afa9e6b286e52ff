import keras
import numpy as np
import tensorflow as tf
from keras import ops

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
    return ops.convert_to_tensor(ids)


def mask_tokens(ids, rng, p=0.15):
    """BERT's masking: choose p of the non-special tokens; of those, 80% -> [MASK],
    10% -> a random word, 10% unchanged. Sample weights are 0 elsewhere."""
    u_select, u_action = (
        ops.convert_to_tensor(rng.random(ids.shape)) for _ in range(2)
    )
    random_words = ops.convert_to_tensor(rng.integers(4, VOCAB, ids.shape))
    special = (ids == PAD) | (ids == CLS) | (ids == SEP)
    selected = (u_select < p) & ~special
    inputs = ops.where(selected & (u_action < 0.8), MASK, ids)
    to_random = selected & (u_action >= 0.8) & (u_action < 0.9)
    inputs = ops.where(to_random, random_words, inputs)
    weights = ops.cast(selected, "float64")
    return inputs, weights


ids = make_batch()
inputs, weights = mask_tokens(ids, rng)
ids_np, inputs_np = ops.convert_to_numpy(ids), ops.convert_to_numpy(inputs)
special = np.isin(ids_np, [PAD, CLS, SEP])
selected = ops.convert_to_numpy(weights) == 1
n_sel = selected.sum()
frac_selected = n_sel / (~special).sum()
frac_mask = (inputs_np[selected] == MASK).sum() / n_sel
frac_same = (inputs_np[selected] == ids_np[selected]).sum() / n_sel
frac_random = 1 - frac_mask - frac_same
print(f"ordinary tokens in the batch: {(~special).sum()}, selected: {n_sel}")
print(f"selected fraction: {frac_selected:.3f}  (target 0.150)")
print(
    f"of the selected: [MASK] {frac_mask:.3f}, random {frac_random:.3f}, "
    f"unchanged {frac_same:.3f}"
)
print("special tokens selected:", (selected & special).sum())
print("positions changed but not selected:", ((inputs_np != ids_np) & ~selected).sum())

# The loss counts only the selected positions: sample weight 0 elsewhere.
# (Random logits for the first 16 sequences stand in for a model's output.)
n = 16
logits = tf.Variable(rng.normal(size=(n, LEN, VOCAB)))
loss_fn = keras.losses.SparseCategoricalCrossentropy(
    from_logits=True, reduction="mean_with_sample_weight"
)
with tf.GradientTape() as tape:
    loss = loss_fn(ids[:n], logits, sample_weight=weights[:n])
grad = tape.gradient(loss, logits).numpy()
log_p = ops.convert_to_numpy(ops.log_softmax(logits, -1))[selected[:n]]
by_hand = -np.take_along_axis(log_p, ids_np[:n][selected[:n]][:, None], 1).mean()
grad_elsewhere = np.abs(grad[~selected[:n]]).max()
print(f"loss {float(loss):.4f} = mean over selected positions {by_hand:.4f}")
print("largest gradient at unselected positions:", grad_elsewhere)

# Same seed, same decisions: the function is deterministic.
again, _ = mask_tokens(ids, np.random.default_rng(SEED + 1))
repeat, _ = mask_tokens(ids, np.random.default_rng(SEED + 1))
result = inputs_np  # identical in the PyTorch version

assert abs(frac_selected - 0.15) < 0.005, "15% of the ordinary tokens are selected"
assert abs(frac_mask - 0.8) < 0.01, "80% of the selected become [MASK]"
assert abs(frac_random - 0.1) < 0.01 and abs(frac_same - 0.1) < 0.01, "10% / 10%"
assert (selected & special).sum() == 0, "special tokens are never selected"
assert ((inputs_np != ids_np) & ~selected).sum() == 0, "only selected positions change"
assert np.isclose(float(loss), by_hand), (
    "the loss is a mean over the selected positions"
)
assert grad_elsewhere == 0.0, "unselected positions get no gradient"
assert np.array_equal(again, repeat), "same seed, same masking"
