import numpy as np
import torch
from torch import nn

SEED = 0
VOCAB, TOKEN_A, TOKEN_B = 10, 8, 9  # tokens 0..7 are filler
SEQ_LEN = 10
N_TRAIN, N_TEST = 1024, 512
D_MODEL, HEADS, D_FF, LAYERS = 64, 2, 128, 1
EPOCHS, BATCH, LR = 4, 64, 3e-3

rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)  # a tiny model: float64 costs little
torch.manual_seed(SEED)


def make_data(n):
    """Filler tokens plus one A and one B; label 1 iff A comes before B."""
    x = rng.integers(0, TOKEN_A, size=(n, SEQ_LEN))
    pos = rng.permuted(np.tile(np.arange(SEQ_LEN), (n, 1)), axis=1)[:, :2]
    rows = np.arange(n)
    x[rows, pos[:, 0]] = TOKEN_A
    x[rows, pos[:, 1]] = TOKEN_B
    y = (pos[:, 0] < pos[:, 1]).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


x_train, y_train = make_data(N_TRAIN)
x_test, y_test = make_data(N_TEST)


class EncoderClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, D_MODEL)
        self.positions = nn.Embedding(SEQ_LEN, D_MODEL)  # learned, one per position
        # post-LN block: x = LayerNorm(x + MHA(x)); x = LayerNorm(x + FFN(x))
        layer = nn.TransformerEncoderLayer(
            D_MODEL, HEADS, D_FF, dropout=0.0, batch_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, LAYERS)
        self.head = nn.Linear(D_MODEL, 1)

    def forward(self, x):
        h = self.tokens(x) + self.positions(torch.arange(x.shape[1]))
        h = self.encoder(h)
        return self.head(h.mean(dim=1)).squeeze(-1)  # mean pooling -> logit


model = EncoderClassifier()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
loss_fn = nn.BCEWithLogitsLoss()

losses = []
for _epoch in range(EPOCHS):
    model.train()
    total = 0.0
    for idx in torch.randperm(N_TRAIN).split(BATCH):
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    losses.append(round(total / N_TRAIN, 3))
print("train loss per epoch:", losses)

# Swapping A and B keeps the bag of words and flips the label.
x_swapped = x_test.clone()
x_swapped[x_test == TOKEN_A] = TOKEN_B
x_swapped[x_test == TOKEN_B] = TOKEN_A
model.eval()
with torch.no_grad():
    pred = model(x_test) > 0
    pred_swapped = model(x_swapped) > 0
accuracy = (pred == y_test.bool()).float().mean().item()
flipped = (pred != pred_swapped).float().mean().item()
print(f"test accuracy: {accuracy:.2f}")
print(f"prediction flips when A and B swap: {flipped:.2f}")

assert np.all(np.diff(losses) < 0), "the training loss falls every epoch"
assert losses[-1] < losses[0] / 5, "training loss must fall"
assert accuracy >= 0.9, "the encoder must learn the order task"
assert flipped >= 0.9, "the model must depend on order, not just on the tokens"
