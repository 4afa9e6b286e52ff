import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

SEED = 0
N_TRAIN, EPOCHS, BATCH, LR = 1400, 8, 140, 1e-2

rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

digits = load_digits()  # 1797 grey 8x8 images, pixels 0..16, bundled with sklearn
order = rng.permutation(len(digits.target))
x = torch.tensor(digits.images[order] / 16.0, dtype=torch.float32)[:, None]  # NCHW
digit = torch.tensor(digits.target[order])  # ten classes, integer labels
high = (digit >= 5).float()  # binary task: is the digit 5..9?
train, test = slice(0, N_TRAIN), slice(N_TRAIN, None)


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 16x4x4
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 32x2x2
            nn.Flatten(),
        )
        self.digit_head = nn.Linear(128, 10)  # 10 logits, no softmax
        self.high_head = nn.Linear(128, 1)  # 1 logit, no sigmoid

    def forward(self, x):
        h = self.features(x)
        return self.digit_head(h), self.high_head(h).squeeze(1)


model = DigitsCNN()
ten_class_loss = nn.CrossEntropyLoss()  # log-softmax + NLL: takes logits
binary_loss = nn.BCEWithLogitsLoss()  # sigmoid + binary CE: takes logits
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

for _ in range(EPOCHS):
    for i in torch.split(torch.randperm(N_TRAIN), BATCH):
        digit_logits, high_logit = model(x[i])
        loss = ten_class_loss(digit_logits, digit[i]) + binary_loss(high_logit, high[i])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

model.eval()
with torch.no_grad():
    digit_logits, high_logit = model(x[test])
    digit_acc = (digit_logits.argmax(1) == digit[test]).float().mean().item()
    p_high = torch.sigmoid(high_logit)  # probabilities only when predicting
    high_acc = ((p_high > 0.5).float() == high[test]).float().mean().item()
    right = ten_class_loss(digit_logits, digit[test]).item()
    # The classic bug: softmax in the model AND in the loss
    twice = ten_class_loss(torch.softmax(digit_logits, 1), digit[test]).item()
floor = -np.log(np.e / (np.e + 9))  # best a double softmax can do with 10 classes

print(f"parameters: {sum(p.numel() for p in model.parameters())}")
print(f"test accuracy, ten-class head: {digit_acc:.3f}  (chance 0.1)")
print(f"test accuracy, binary head:    {high_acc:.3f}  (chance ~0.5)")
print(f"cross-entropy on logits:        {right:.3f}")
print(f"cross-entropy on probabilities: {twice:.3f}  (floor {floor:.3f})")

assert digit_acc > 0.95 and high_acc > 0.95, "both heads learn the task"
assert twice > floor > right, "softmax twice keeps the loss above its floor"
