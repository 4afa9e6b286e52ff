import numpy as np
import torch
from sklearn import metrics

SEED = 0
rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)

# Binary: 200 examples, each positive with probability 0.3; noisy scores
y_np = (rng.random(200) < 0.3).astype(np.int64)
s_np = 1 / (1 + np.exp(-(1.5 * (2 * y_np - 1) + 1.5 * rng.standard_normal(200))))
# Three classes: 150 examples, softmax of noisy logits
y3_np = rng.integers(0, 3, size=150)
z3 = 1.5 * np.eye(3)[y3_np] + rng.standard_normal((150, 3))
p3_np = np.exp(z3) / np.exp(z3).sum(axis=1, keepdims=True)

y, s = torch.from_numpy(y_np), torch.from_numpy(s_np)
y3, p3 = torch.from_numpy(y3_np), torch.from_numpy(p3_np)


def confusion(y_true, y_pred, k):
    """Rows: true class, columns: predicted class."""
    return torch.bincount(k * y_true + y_pred, minlength=k * k).reshape(k, k)


def auc_by_ranks(y_true, score):
    """P(score of a random positive > score of a random negative), ties count 1/2."""
    pos, neg = score[y_true == 1], score[y_true == 0]
    diff = pos[:, None] - neg[None, :]
    return ((diff > 0).double() + 0.5 * (diff == 0).double()).mean()


def roc_by_sorting(y_true, score):
    """ROC curve from the scores sorted high to low, and its trapezoid area.

    Exact only without tied scores (true here: the scores are continuous).
    """
    order = torch.argsort(score, descending=True)
    tp = torch.cumsum(y_true[order], 0).double()
    fp = torch.cumsum(1 - y_true[order], 0).double()
    tpr = torch.cat([torch.zeros(1, dtype=torch.float64), tp / tp[-1]])
    fpr = torch.cat([torch.zeros(1, dtype=torch.float64), fp / fp[-1]])
    return torch.trapezoid(tpr, fpr)


def average_precision(y_true, score):
    """Mean, over the positives, of the precision at each positive's rank.

    Exact only without tied scores (true here: the scores are continuous).
    """
    order = torch.argsort(score, descending=True)
    hits = y_true[order].double()
    precision_at_k = torch.cumsum(hits, 0) / torch.arange(1, len(hits) + 1)
    return precision_at_k[hits == 1].mean()


# Binary metrics at threshold 0.5
pred = (s >= 0.5).long()
(tn, fp), (fn, tp) = confusion(y, pred, 2).tolist()
precision, recall = tp / (tp + fp), tp / (tp + fn)
ours = {
    "accuracy": (tp + tn) / len(y),
    "precision": precision,
    "recall": recall,
    "F1": 2 * precision * recall / (precision + recall),
    "ROC AUC (ranks)": auc_by_ranks(y, s).item(),
    "ROC AUC (trapezoid)": roc_by_sorting(y, s).item(),
    "average precision": average_precision(y, s).item(),
}
pred_np = pred.numpy()
theirs = {
    "accuracy": metrics.accuracy_score(y_np, pred_np),
    "precision": metrics.precision_score(y_np, pred_np),
    "recall": metrics.recall_score(y_np, pred_np),
    "F1": metrics.f1_score(y_np, pred_np),
    "ROC AUC (ranks)": metrics.roc_auc_score(y_np, s_np),
    "ROC AUC (trapezoid)": metrics.roc_auc_score(y_np, s_np),
    "average precision": metrics.average_precision_score(y_np, s_np),
}

# Three classes: per-class precision/recall, then macro, micro and weighted F1
pred3 = p3.argmax(dim=1)
cm = confusion(y3, pred3, 3).double()
p_c = cm.diag() / cm.sum(dim=0)  # column sums: predicted as class c
r_c = cm.diag() / cm.sum(dim=1)  # row sums: truly class c
f1_c = 2 * p_c * r_c / (p_c + r_c)
support = cm.sum(dim=1)
ours |= {
    "3-class accuracy": (cm.diag().sum() / cm.sum()).item(),
    "macro F1": f1_c.mean().item(),
    "micro F1": (cm.diag().sum() / cm.sum()).item(),
    "weighted F1": ((f1_c * support).sum() / support.sum()).item(),
    "OvR macro ROC AUC": np.mean(
        [auc_by_ranks((y3 == c).long(), p3[:, c]).item() for c in range(3)]
    ),
}
pred3_np = pred3.numpy()
theirs |= {
    "3-class accuracy": metrics.accuracy_score(y3_np, pred3_np),
    "macro F1": metrics.f1_score(y3_np, pred3_np, average="macro"),
    "micro F1": metrics.f1_score(y3_np, pred3_np, average="micro"),
    "weighted F1": metrics.f1_score(y3_np, pred3_np, average="weighted"),
    "OvR macro ROC AUC": metrics.roc_auc_score(y3_np, p3_np, multi_class="ovr"),
}

print(f"binary confusion matrix [[TN FP] [FN TP]]: {[[tn, fp], [fn, tp]]}")
print(f"3-class confusion matrix: {cm.long().tolist()}")
print(f"{'metric':22s} {'by hand':>8s} {'sklearn':>8s}")
for name in ours:
    print(f"{name:22s} {ours[name]:8.4f} {theirs[name]:8.4f}")

result = np.array(list(ours.values()))

assert np.allclose(result, list(theirs.values()), atol=1e-9), "hand == sklearn"
assert (
    confusion(y3, pred3, 3).numpy() == metrics.confusion_matrix(y3_np, pred3_np)
).all()
assert ours["micro F1"] == ours["3-class accuracy"], "micro F1 = accuracy here"
