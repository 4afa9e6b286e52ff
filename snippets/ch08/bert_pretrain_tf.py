import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

# book: tolerance ±0.06
SEED = 0
N_WORDS = 20  # ordinary tokens 0..19
CLS, MASK = 20, 21  # special tokens
VOCAB, LEN = 22, 12  # a sequence is [CLS] + 12 words
D, HEADS, D_FF, LAYERS = 32, 2, 64, 2
P_FOLLOW = 0.9  # probability that a word follows the grammar
PRE_STEPS, PRE_BATCH, PRE_LR = 300, 64, 5e-3
N_LABELLED, FT_BATCH, FT_EPOCHS, FT_LR, FT_SEEDS = 64, 64, 20, 1e-3, 2  # full batch

tf.config.threading.set_intra_op_parallelism_threads(1)  # small matrices
tf.config.threading.set_inter_op_parallelism_threads(1)
keras.utils.set_random_seed(SEED)  # float32 for speed; hence the tolerance
rng = np.random.default_rng(SEED)
RULES = np.stack([rng.permutation(N_WORDS), rng.permutation(N_WORDS)])


def make_data(n):
    """Two hidden grammars: each word follows from the previous one by rule 0 or 1."""
    grammar = rng.integers(0, 2, n)
    x = np.empty((n, LEN), dtype=np.int64)
    x[:, 0] = rng.integers(0, N_WORDS, n)
    for t in range(1, LEN):
        follows = rng.random(n) < P_FOLLOW
        x[:, t] = np.where(
            follows, RULES[grammar, x[:, t - 1]], rng.integers(0, N_WORDS, n)
        )
    return np.concatenate([np.full((n, 1), CLS), x], axis=1), grammar


def mask_tokens(x):
    """BERT's rule: select 15% of the words; of those 80% [MASK], 10% random, 10% kept."""
    selected = (rng.random(x.shape) < 0.15) & (x < N_WORDS)  # never [CLS]
    u = rng.random(x.shape)
    inputs = x.copy()
    inputs[selected & (u < 0.8)] = MASK
    random = selected & (u >= 0.8) & (u < 0.9)
    inputs[random] = rng.integers(0, N_WORDS, random.sum())
    weights = selected.astype("float32")  # 0: no loss at this position
    return inputs, x, weights


init = keras.initializers.RandomNormal(stddev=0.02)  # BERT's initializer range


class SmallBert(keras.Model):
    def __init__(self):
        super().__init__()
        self.tokens = layers.Embedding(VOCAB, D, embeddings_initializer=init)
        self.positions = self.add_weight(
            shape=(LEN + 1, D), initializer=init
        )  # learned
        self.norm = layers.LayerNormalization(epsilon=1e-12)
        self.blocks = [
            (
                layers.MultiHeadAttention(HEADS, D // HEADS),
                layers.LayerNormalization(epsilon=1e-12),
                layers.Dense(D_FF, activation="gelu"),
                layers.Dense(D),
                layers.LayerNormalization(epsilon=1e-12),
            )
            for _ in range(LAYERS)
        ]
        self.mlm_dense = layers.Dense(D, activation="gelu")
        self.mlm_norm = layers.LayerNormalization(epsilon=1e-12)
        self.mlm_bias = self.add_weight(shape=(VOCAB,), initializer="zeros")
        self.pooler = layers.Dense(D, activation="tanh")
        self.classifier = layers.Dense(2)

    def hidden(self, x):
        h = self.norm(self.tokens(x) + self.positions[: x.shape[1]])
        for attention, norm1, ff1, ff2, norm2 in self.blocks:  # Post-LN blocks
            h = norm1(h + attention(h, h))
            h = norm2(h + ff2(ff1(h)))
        return h

    def call(self, x):
        """Both heads on one pass through the encoder: MLM and class logits."""
        h = self.hidden(x)
        mlm = self.mlm_norm(self.mlm_dense(h))
        mlm = (
            ops.matmul(mlm, ops.transpose(self.tokens.embeddings)) + self.mlm_bias
        )  # tied
        return mlm, self.classifier(self.pooler(h[:, 0]))  # the [CLS] vector


loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
x_pre, _ = make_data(4096)  # unlabelled text
x_test, y_test = make_data(1000)
test_inputs, test_targets, test_weights = mask_tokens(x_test)
selected = test_weights == 1
counts = np.bincount(x_pre[:, 1:].ravel(), minlength=VOCAB)
unigram = np.mean(test_targets[selected] == counts.argmax())
print(f"unigram baseline (always the most frequent word): {unigram:.2f}")

model = SmallBert()
model(x_test[:2])  # build the weights
fresh = model.get_weights()  # the untrained model, for training from scratch later
opt = keras.optimizers.Adam(PRE_LR)
opt.build(model.trainable_variables)  # before tracing: step is traced only once
tokens = tf.TensorSpec([None, LEN + 1], "int64")  # any batch size
token_weights = tf.TensorSpec([None, LEN + 1], "float32")
labels, label_weights = tf.TensorSpec([None], "int64"), tf.TensorSpec([None], "float32")


@tf.function(input_signature=[tokens, tokens, token_weights, labels, label_weights])
def step(x, y_mlm, w_mlm, y_cls, w_cls):
    """One Adam step for either head: the other head's loss gets sample weight 0."""
    with tf.GradientTape() as tape:
        mlm, cls = model(x)
        loss = loss_fn(y_mlm, mlm, sample_weight=w_mlm)
        loss += loss_fn(y_cls, cls, sample_weight=w_cls)
    variables = model.trainable_variables
    opt.apply_gradients(zip(tape.gradient(loss, variables), variables))


mlm_accuracy = []
no_cls = np.zeros(PRE_BATCH, dtype="int64"), np.zeros(PRE_BATCH, dtype="float32")
for i in range(1, PRE_STEPS + 1):
    inputs, targets, weights = mask_tokens(
        x_pre[rng.integers(0, len(x_pre), PRE_BATCH)]
    )
    # sample weights 0 outside the selected positions; normalise to a mean over them
    step(inputs, targets, weights * weights.size / weights.sum(), *no_cls)
    if i % 100 == 0:
        pred = ops.convert_to_numpy(ops.argmax(model(test_inputs)[0], -1))
        mlm_accuracy.append(np.mean(pred[selected] == test_targets[selected]))
        print(f"step {i}: MLM accuracy on masked test positions {mlm_accuracy[-1]:.2f}")
pretrained = model.get_weights()

labelled = [make_data(N_LABELLED) for _ in range(FT_SEEDS)]  # a few labels per seed


def fine_tune(seed, start_from_pretrained):
    order = np.random.default_rng(seed)
    model.set_weights(pretrained if start_from_pretrained else fresh)
    for v in opt.variables:  # a fresh Adam state (and step count) for every run
        v.assign(FT_LR if "learning_rate" in v.path else ops.zeros_like(v))
    x, y = labelled[seed]
    no_mlm = np.zeros((FT_BATCH, LEN + 1), dtype="int64")
    no_mlm = no_mlm, no_mlm.astype("float32")
    ones = np.ones(FT_BATCH, dtype="float32")
    for _ in range(FT_EPOCHS):
        for idx in np.split(order.permutation(N_LABELLED), N_LABELLED // FT_BATCH):
            step(x[idx], *no_mlm, y[idx], ones)  # all parameters are updated
    pred = ops.convert_to_numpy(ops.argmax(model(x_test)[1], -1))
    return np.mean(pred == y_test)


acc_pre = np.mean([fine_tune(s, True) for s in range(FT_SEEDS)])
acc_scratch = np.mean([fine_tune(s, False) for s in range(FT_SEEDS)])
print(f"which grammar? {N_LABELLED} labels, mean of {FT_SEEDS} seeds")
print(f"  fine-tuned from the pretrained model: {acc_pre:.2f}")
print(f"  same model trained from scratch:     {acc_scratch:.2f}")

assert unigram < 0.1, "the words are about equally frequent"
assert mlm_accuracy[-1] > unigram + 0.4, "MLM must beat the unigram baseline by far"
assert mlm_accuracy[-1] > mlm_accuracy[0], "MLM accuracy must rise with pretraining"
assert acc_pre > acc_scratch + 0.05, "pretraining must help with few labels"
