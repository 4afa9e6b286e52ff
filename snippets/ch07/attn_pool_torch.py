import numpy as np
import torch
from torch import nn

SEED = 0
VOCAB, KEYWORD = 30, 1  # tokens 2..29 are filler
SEQ_LEN = 20
N_TRAIN, N_TEST = 1024, 512
EMBED, HIDDEN = 16, 32
EPOCHS, BATCH, LR = 3, 64, 1e-2

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)


def make_data(n):
    """Random filler; label 1 sequences get KEYWORD at one random position."""
    x = rng.integers(2, VOCAB, size=(n, SEQ_LEN))
    y = rng.integers(0, 2, size=n)
    pos = np.where(y == 1, rng.integers(0, SEQ_LEN, size=n), -1)  # -1: no keyword
    x[y == 1, pos[y == 1]] = KEYWORD
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.float32)), pos


x_train, y_train, _ = make_data(N_TRAIN)
x_test, y_test, keyword_pos = make_data(N_TEST)


class AttentionPoolingClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, EMBED)
        # Both directions: only the keyword's own position sees it from both sides.
        self.lstm = nn.LSTM(EMBED, HIDDEN // 2, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(HIDDEN, HIDDEN)  # W h_t + b
        self.w = nn.Linear(HIDDEN, 1, bias=False)  # w . tanh(W h_t + b)
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        h, _ = self.lstm(self.embed(x))  # (batch, time, HIDDEN)
        scores = self.w(torch.tanh(self.proj(h))).squeeze(-1)  # (batch, time)
        alpha = torch.softmax(scores, dim=1)  # over time
        context = (alpha.unsqueeze(-1) * h).sum(dim=1)  # sum_t alpha_t h_t
        return self.head(context).squeeze(-1), alpha


model = AttentionPoolingClassifier()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)
loss_fn = nn.BCEWithLogitsLoss()

losses = []
for _epoch in range(EPOCHS):
    total = 0.0
    for idx in torch.randperm(N_TRAIN).split(BATCH):
        logits, _ = model(x_train[idx])
        loss = loss_fn(logits, y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    losses.append(round(total / N_TRAIN, 3))
print("train loss per epoch:", losses)

with torch.no_grad():
    logits, alpha = model(x_test)
test_weights = alpha.numpy()  # (N_TEST, SEQ_LEN)
accuracy = ((logits > 0).float() == y_test).float().mean().item()
positive = keyword_pos >= 0
peak_hits = np.mean(test_weights[positive].argmax(axis=1) == keyword_pos[positive])
print(f"test accuracy: {accuracy:.2f}")
print(f"attention peaks at the keyword in {peak_hits:.2f} of positive sequences")
weight_on_keyword = test_weights[positive, keyword_pos[positive]].mean()
print(f"mean weight on the keyword position: {weight_on_keyword:.2f}")

assert np.allclose(test_weights.sum(axis=1), 1.0, atol=1e-5), "weights sum to 1"
assert accuracy >= 0.9, "the classifier must learn the keyword task"
assert peak_hits >= 0.8, "attention must peak at the keyword in most positives"
