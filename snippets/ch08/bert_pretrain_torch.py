import numpy as np
import torch
from torch import nn

# book: tolerance ±0.03
SEED = 0
N_WORDS = 20  # ordinary tokens 0..19
CLS, MASK = 20, 21  # special tokens
VOCAB, LEN = 22, 12  # a sequence is [CLS] + 12 words
D, HEADS, D_FF, LAYERS = 32, 2, 64, 2
P_FOLLOW = 0.9  # probability that a word follows the grammar
PRE_STEPS, PRE_BATCH, PRE_LR = 300, 64, 5e-3
N_LABELLED, FT_BATCH, FT_EPOCHS, FT_LR, FT_SEEDS = 64, 64, 20, 1e-3, 2  # full batch

torch.set_default_dtype(torch.float32)  # float32 for speed; hence the tolerance
torch.set_num_threads(1)  # small matrices: one thread is fast and reproducible
torch.manual_seed(SEED)
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
    labels = np.where(selected, x, -100)  # -100: no loss at this position
    return torch.from_numpy(inputs), torch.from_numpy(labels)


class SmallBert(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, D)
        self.positions = nn.Embedding(LEN + 1, D)  # learned, as in BERT
        for emb in (self.tokens, self.positions):
            nn.init.normal_(emb.weight, std=0.02)  # BERT's initializer range
        self.norm = nn.LayerNorm(D)
        layer = nn.TransformerEncoderLayer(
            D, HEADS, D_FF, dropout=0.0, activation="gelu", batch_first=True
        )  # Post-LN, GELU
        self.encoder = nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)
        self.mlm_dense, self.mlm_norm = nn.Linear(D, D), nn.LayerNorm(D)
        self.mlm_bias = nn.Parameter(torch.zeros(VOCAB))
        self.pooler, self.classifier = nn.Linear(D, D), nn.Linear(D, 2)

    def hidden(self, x):
        return self.encoder(
            self.norm(self.tokens(x) + self.positions.weight[: x.shape[1]])
        )

    def mlm_logits(self, x):
        h = self.mlm_norm(nn.functional.gelu(self.mlm_dense(self.hidden(x))))
        return h @ self.tokens.weight.T + self.mlm_bias  # tied output matrix

    def class_logits(self, x):
        pooled = torch.tanh(self.pooler(self.hidden(x)[:, 0]))  # the [CLS] vector
        return self.classifier(pooled)


x_pre, _ = make_data(4096)  # unlabelled text
x_test, y_test = make_data(1000)
test_inputs, test_labels = mask_tokens(x_test)
selected = test_labels != -100
counts = np.bincount(x_pre[:, 1:].ravel(), minlength=VOCAB)
unigram = (test_labels[selected] == counts.argmax()).double().mean().item()
print(f"unigram baseline (always the most frequent word): {unigram:.2f}")

model = SmallBert()
optimizer = torch.optim.Adam(model.parameters(), lr=PRE_LR)
mlm_accuracy = []
for step in range(1, PRE_STEPS + 1):
    inputs, labels = mask_tokens(x_pre[rng.integers(0, len(x_pre), PRE_BATCH)])
    loss = nn.functional.cross_entropy(
        model.mlm_logits(inputs).reshape(-1, VOCAB),
        labels.reshape(-1),
        ignore_index=-100,
    )
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        with torch.no_grad():
            pred = model.mlm_logits(test_inputs).argmax(-1)
        mlm_accuracy.append(
            (pred[selected] == test_labels[selected]).double().mean().item()
        )
        print(
            f"step {step}: MLM accuracy on masked test positions {mlm_accuracy[-1]:.2f}"
        )
pretrained = {k: v.clone() for k, v in model.state_dict().items()}

labelled = [make_data(N_LABELLED) for _ in range(FT_SEEDS)]  # a few labels per seed


def fine_tune(seed, start_from_pretrained):
    torch.manual_seed(seed)
    order = np.random.default_rng(seed)
    net = SmallBert()
    if start_from_pretrained:
        net.load_state_dict(pretrained)
    opt = torch.optim.Adam(net.parameters(), lr=FT_LR)  # all parameters are updated
    x, y = (torch.from_numpy(a) for a in labelled[seed])
    for _ in range(FT_EPOCHS):
        for idx in torch.from_numpy(order.permutation(N_LABELLED)).split(FT_BATCH):
            loss = nn.functional.cross_entropy(net.class_logits(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        pred = net.class_logits(torch.from_numpy(x_test)).argmax(-1).numpy()
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
