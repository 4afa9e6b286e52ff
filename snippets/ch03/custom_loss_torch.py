import numpy as np
import torch
from torch import nn

SEED = 0
SIZE, N_TRAIN, N_TEST = 16, 256, 64
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)
torch.set_num_threads(1)


def make_images(n):
    """Noisy images, each with one bright rectangle; the mask marks the rectangle."""
    masks = np.zeros((n, 1, SIZE, SIZE), np.float32)
    for m in masks:
        h, w = rng.integers(4, 10, size=2)
        top, left = rng.integers(0, SIZE - h), rng.integers(0, SIZE - w)
        m[0, top : top + h, left : left + w] = 1.0
    images = masks + 0.6 * rng.standard_normal(masks.shape).astype(np.float32)
    return torch.from_numpy(images), torch.from_numpy(masks)


x_train, y_train = make_images(N_TRAIN)
x_test, y_test = make_images(N_TEST)


def soft_iou_loss(y_true, p, eps=1.0):
    """1 - soft Jaccard index, one value per image (p: probabilities)."""
    dims = (1, 2, 3)
    inter = (y_true * p).sum(dims)
    union = y_true.sum(dims) + p.sum(dims) - inter
    return 1.0 - (inter + eps) / (union + eps)


def seed_iou_loss(y_true, p):
    """The original post's loss: -log(max(IoU, 1)), always -log(1) = 0."""
    inter = (y_true * p).sum()
    iou = inter / (y_true.sum() + p.sum() - inter + 1e-5)
    return -torch.log(torch.maximum(iou, torch.tensor(1.0)))


def hard_iou(y_true, p):
    """IoU of the thresholded prediction, averaged over images (a metric)."""
    pred = (p > 0.5).float()  # the comparison has no gradient
    inter = (y_true * pred).sum((1, 2, 3))
    union = ((y_true + pred) > 0).float().sum((1, 2, 3))
    return (inter / union.clamp(min=1)).mean()


model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.ReLU(),
    nn.Conv2d(8, 8, 3, padding=1),
    nn.ReLU(),
    nn.Conv2d(8, 1, 1),  # one logit per pixel
)

# Which of the three has a gradient with respect to the network's weights?
p = torch.sigmoid(model(x_train[:32]))
grads = {}
for name, loss in [
    ("post's -log(max(IoU, 1))", seed_iou_loss(y_train[:32], p)),
    ("soft IoU loss", soft_iou_loss(y_train[:32], p).mean()),
]:
    g = torch.autograd.grad(loss, model[0].weight, retain_graph=True)[0]
    grads[name] = g.norm().item()
    print(f"{name:26s} loss {loss.item() + 0.0:.4f}  grad norm {grads[name]:.4f}")
hard = hard_iou(y_train[:32], p)
print(f"{'thresholded IoU':26s} requires_grad={hard.requires_grad}")

iou_before = hard_iou(y_test, torch.sigmoid(model(x_test))).item()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(15):
    for i in range(0, N_TRAIN, 32):
        loss = soft_iou_loss(
            y_train[i : i + 32], torch.sigmoid(model(x_train[i : i + 32]))
        )
        optimizer.zero_grad()
        loss.mean().backward()
        optimizer.step()
with torch.no_grad():
    p_test = torch.sigmoid(model(x_test))
    loss_after = soft_iou_loss(y_test, p_test).mean().item()
    iou_after = hard_iou(y_test, p_test).item()
print(f"test IoU at threshold 0.5: before {iou_before:.2f}, after {iou_after:.2f}")
print(f"test soft IoU loss after training: {loss_after:.2f}")

assert grads["post's -log(max(IoU, 1))"] == 0.0, "the post's loss has no gradient"
assert grads["soft IoU loss"] > 0.0, "the soft IoU loss has a gradient"
assert not hard.requires_grad, "a thresholded IoU cannot be backpropagated"
assert iou_after > 0.8 and iou_after > iou_before + 0.3, "the soft IoU loss trains"
