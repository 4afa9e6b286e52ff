import keras
import numpy as np
from keras import layers, ops

SEED = 0
DIGITS, BOS = 10, 10  # tokens 0..9; BOS starts every decoder input
SEQ_LEN = 6
N_TRAIN, N_TEST = 2048, 512
EMBED, HIDDEN = 16, 64
EPOCHS, BATCH, LR = 3, 64, 5e-3

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)


def make_data(n):
    """Reverse a digit sequence. Teacher forcing: decoder input = BOS + target[:-1]."""
    src = rng.integers(0, DIGITS, size=(n, SEQ_LEN))
    tgt = src[:, ::-1].copy()
    dec_in = np.concatenate([np.full((n, 1), BOS), tgt[:, :-1]], axis=1)
    return src, dec_in, tgt


src_train, dec_train, tgt_train = make_data(N_TRAIN)
src_test, _, tgt_test = make_data(N_TEST)


def seq2seq(score):
    """GRU encoder-decoder; each decoder state s_t attends over encoder states h_j.

    Both variants attend after the decoder step (Luong et al.'s layout), so only the
    score differs; Bahdanau et al. score s_(t-1) and feed the context into the GRU.
    """
    src = keras.Input((SEQ_LEN,), dtype="int32")
    dec_in = keras.Input((SEQ_LEN,), dtype="int32")
    enc_gru = layers.GRU(HIDDEN, return_sequences=True, return_state=True)
    h, state = enc_gru(layers.Embedding(DIGITS, EMBED)(src))
    dec_gru = layers.GRU(HIDDEN, return_sequences=True)
    s = dec_gru(layers.Embedding(DIGITS + 1, EMBED)(dec_in), initial_state=state)
    if score == "additive":  # Bahdanau: v^T tanh(W1 s_t + W2 h_j)
        w1_s = layers.Dense(HIDDEN, use_bias=False)(s)[:, :, None, :]
        w2_h = layers.Dense(HIDDEN, use_bias=False)(h)[:, None, :, :]
        v = layers.Dense(1, use_bias=False)
        scores = ops.squeeze(v(ops.tanh(w1_s + w2_h)), axis=-1)
    else:  # Luong dot: s_t^T h_j
        scores = ops.matmul(s, ops.transpose(h, (0, 2, 1)))
    weights = ops.softmax(scores, axis=-1)  # (batch, decoder step, source position)
    context = ops.matmul(weights, h)
    x = layers.Dense(HIDDEN, activation="tanh")(ops.concatenate([s, context], -1))
    logits = layers.Dense(DIGITS)(x)
    model = keras.Model([src, dec_in], logits)
    inspect = keras.Model([src, dec_in], [logits, weights])  # same layers, + weights
    return model, inspect


def greedy_decode(model, src):
    """Feed back the argmax. The decoder is causal, so step t ignores later inputs."""
    dec_in = np.full_like(src, BOS)
    for t in range(SEQ_LEN):
        logits, weights = model.predict_on_batch([src, dec_in])
        if t + 1 < SEQ_LEN:
            dec_in[:, t + 1] = logits[:, t].argmax(-1)
    return logits.argmax(-1), weights


results = {}
for score in ["additive", "dot"]:
    keras.utils.set_random_seed(SEED)
    model, inspect = seq2seq(score)
    model.compile(
        optimizer=keras.optimizers.Adam(LR),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.optimizer.build(model.trainable_variables)  # fit() then traces once
    history = model.fit(
        [src_train, dec_train], tgt_train, batch_size=BATCH, epochs=EPOCHS, verbose=0
    )
    pred, weights = greedy_decode(inspect, src_test)
    token_acc = np.mean(pred == tgt_test)
    seq_acc = np.mean((pred == tgt_test).all(axis=1))
    # Reversal: decoder step t should look at source position SEQ_LEN - 1 - t.
    on_diagonal = np.mean(weights.argmax(-1) == np.arange(SEQ_LEN)[::-1])
    losses = [round(loss, 3) for loss in history.history["loss"]]
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
