# ruff: noqa: F821
# Run after lab_setup.py in the same kernel.
import matplotlib.pyplot as plt

fpr, tpr, _ = metrics.roc_curve(y_te, p_te)
precision, recall, _ = metrics.precision_recall_curve(y_te, p_te)
auc = metrics.roc_auc_score(y_te, p_te)
ap = metrics.average_precision_score(y_te, p_te)
prevalence = y_te.mean()

fig, (ax_roc, ax_pr) = plt.subplots(1, 2, figsize=(9, 4.5), facecolor="white")
ax_roc.plot(fpr, tpr, color="C0", label=f"logistic regression (AUC {auc:.3f})")
ax_roc.plot([0, 1], [0, 1], color="gray", linestyle=":", label="chance (AUC 0.5)")
ax_pr.plot(recall, precision, color="C0", label=f"logistic regression (AP {ap:.3f})")
ax_pr.axhline(
    prevalence, color="gray", linestyle=":", label=f"chance ({prevalence:.3f})"
)
points = {}
for (label, t), marker, color in zip(THRESHOLDS.items(), ["o", "s"], ["C3", "C2"]):
    m = points[label] = at_threshold(t)
    ax_roc.plot(m["fpr"], m["tpr"], marker, color=color, ms=9, label=f"t = {label}")
    ax_pr.plot(
        m["tpr"], m["precision"], marker, color=color, ms=9, label=f"t = {label}"
    )
ax_roc.set(xlabel="false positive rate", ylabel="true positive rate (recall)")
ax_roc.set_title("ROC curve (test set)")
ax_pr.set(xlabel="recall", ylabel="precision", ylim=(0, 1.02))
ax_pr.set_title("Precision-recall curve (test set)")
for ax in (ax_roc, ax_pr):
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right" if ax is ax_roc else "upper right", fontsize=8)
fig.tight_layout()
plt.show()

print(f"ROC AUC {auc:.3f}, average precision {ap:.3f}, chance AP {prevalence:.3f}")
print("threshold                          recall   FPR  precision   F1  accuracy")
for label, m in points.items():
    print(
        f"{label:32s} {m['tpr']:7.3f} {m['fpr']:6.3f} {m['precision']:8.3f}"
        f" {m['f1']:6.3f} {m['acc']:7.3f}"
    )

p_half, p_best = points.values()
assert auc > 0.8 and ap < auc - 0.2, "ROC AUC looks far better than AP"
assert p_best["tpr"] > p_half["tpr"], "the lower threshold finds more positives"
assert p_best["precision"] < p_half["precision"], "and pays in precision"
assert p_best["f1"] > p_half["f1"], "F1 improves on the test set too"
# The numbers the text below quotes
n_neg, n_pos = int((y_te == 0).sum()), int(y_te.sum())
assert round(T_BEST, 2) == 0.29, "the threshold chosen on validation is 0.29"
assert (round(auc, 3), round(ap, 3)) == (0.928, 0.543), "ROC AUC 0.928, AP 0.543"
assert ap > 10 * prevalence, "AP ten times the chance level"
assert [round(m["fpr"], 3) for m in points.values()] == [0.007, 0.019], "FPR"
assert [round(m["tpr"], 2) for m in points.values()] == [0.29, 0.48], "recall"
assert [round(m["precision"], 2) for m in points.values()] == [0.70, 0.57], "precision"
assert [round(m["f1"], 2) for m in points.values()] == [0.41, 0.52], "F1"
assert [round(m["acc"], 3) for m in points.values()] == [0.959, 0.956], "accuracy"
assert round(1 - prevalence, 3) == 0.950 and n_neg == 4752, "4752 negatives"
false_alarms, found = p_best["fpr"] * n_neg, p_best["tpr"] * n_pos
assert abs(false_alarms - 90) < 2 and round(found) == 119, "about 90 against 119"
assert round(p_best["precision"], 3) == 0.567, "precision 0.567"
