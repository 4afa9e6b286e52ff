import keras
import numpy as np
import tensorflow as tf
from sklearn import metrics

SEED = 0
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

# Binary: 200 examples, each positive with probability 0.3; noisy scores
y_np = (rng.random(200) < 0.3).astype(np.int64)
s_np = 1 / (1 + np.exp(-(1.5 * (2 * y_np - 1) + 1.5 * rng.standard_normal(200))))
# Three classes: 150 examples, softmax of noisy logits
y3_np = rng.integers(0, 3, size=150)
z3 = 1.5 * np.eye(3)[y3_np] + rng.standard_normal((150, 3))
p3_np = np.exp(z3) / np.exp(z3).sum(axis=1, keepdims=True)

y, s = tf.constant(y_np), tf.constant(s_np)
y3, p3 = tf.constant(y3_np), tf.constant(p3_np)


def confusion(y_true, y_pred, k):
    """Rows: true class, columns: predicted class."""
    counts = tf.math.bincount(k * y_true + y_pred, minlength=k * k, dtype=tf.int64)
    return tf.reshape(counts, (k, k))


def auc_by_ranks(y_true, score):
    """P(score of a random positive > score of a random negative), ties count 1/2."""
    pos = tf.boolean_mask(score, y_true == 1)
    neg = tf.boolean_mask(score, y_true == 0)
    diff = pos[:, None] - neg[None, :]
    wins = tf.cast(diff > 0, tf.float64) + 0.5 * tf.cast(diff == 0, tf.float64)
    return tf.reduce_mean(wins)


def roc_by_sorting(y_true, score):
    """ROC curve from the scores sorted high to low, and its trapezoid area.

    Exact only without tied scores (true here: the scores are continuous).
    """
    order = tf.argsort(score, direction="DESCENDING")
    tp = tf.cast(tf.cumsum(tf.gather(y_true, order)), tf.float64)
    fp = tf.cast(tf.cumsum(1 - tf.gather(y_true, order)), tf.float64)
    tpr = tf.concat([tf.zeros(1, tf.float64), tp / tp[-1]], axis=0)
    fpr = tf.concat([tf.zeros(1, tf.float64), fp / fp[-1]], axis=0)
    return tf.reduce_sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2)


def average_precision(y_true, score):
    """Mean, over the positives, of the precision at each positive's rank.

    Exact only without tied scores (true here: the scores are continuous).
    """
    hits = tf.cast(
        tf.gather(y_true, tf.argsort(score, direction="DESCENDING")), tf.float64
    )
    ranks = tf.range(1, len(hits) + 1, dtype=tf.float64)
    precision_at_k = tf.cumsum(hits) / ranks
    return tf.reduce_mean(tf.boolean_mask(precision_at_k, hits == 1))


# Binary metrics at threshold 0.5
pred = tf.cast(s >= 0.5, tf.int64)
(tn, fp), (fn, tp) = confusion(y, pred, 2).numpy().tolist()
precision, recall = tp / (tp + fp), tp / (tp + fn)
ours = {
    "accuracy": (tp + tn) / len(y),
    "precision": precision,
    "recall": recall,
    "F1": 2 * precision * recall / (precision + recall),
    "ROC AUC (ranks)": float(auc_by_ranks(y, s)),
    "ROC AUC (trapezoid)": float(roc_by_sorting(y, s)),
    "average precision": float(average_precision(y, s)),
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
pred3 = tf.argmax(p3, axis=1)
cm = tf.cast(confusion(y3, pred3, 3), tf.float64)
diag = tf.linalg.diag_part(cm)
p_c = diag / tf.reduce_sum(cm, axis=0)  # column sums: predicted as class c
r_c = diag / tf.reduce_sum(cm, axis=1)  # row sums: truly class c
f1_c = 2 * p_c * r_c / (p_c + r_c)
support = tf.reduce_sum(cm, axis=1)
ours |= {
    "3-class accuracy": float(tf.reduce_sum(diag) / tf.reduce_sum(cm)),
    "macro F1": float(tf.reduce_mean(f1_c)),
    "micro F1": float(tf.reduce_sum(diag) / tf.reduce_sum(cm)),
    "weighted F1": float(tf.reduce_sum(f1_c * support) / tf.reduce_sum(support)),
    "OvR macro ROC AUC": np.mean(
        [float(auc_by_ranks(tf.cast(y3 == c, tf.int64), p3[:, c])) for c in range(3)]
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
print(f"3-class confusion matrix: {tf.cast(cm, tf.int64).numpy().tolist()}")
print(f"{'metric':22s} {'by hand':>8s} {'sklearn':>8s}")
for name in ours:
    print(f"{name:22s} {ours[name]:8.4f} {theirs[name]:8.4f}")

# Keras's streaming AUC sums over a fixed grid of 200 thresholds: close, not exact
keras_auc = keras.metrics.AUC(num_thresholds=200)
keras_auc.update_state(y_np, s_np)
print(f"keras.metrics.AUC(num_thresholds=200): {float(keras_auc.result()):.4f}")

result = np.array(list(ours.values()))

assert np.allclose(result, list(theirs.values()), atol=1e-9), "hand == sklearn"
assert (
    confusion(y3, pred3, 3).numpy() == metrics.confusion_matrix(y3_np, pred3_np)
).all()
assert ours["micro F1"] == ours["3-class accuracy"], "micro F1 = accuracy here"
assert abs(float(keras_auc.result()) - ours["ROC AUC (ranks)"]) < 0.01, "Keras AUC ~"
