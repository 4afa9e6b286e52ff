import numpy as np
from sklearn import metrics
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 0
rng = np.random.default_rng(SEED)

# 20000 examples, 5% positive. Both classes are standard normal in 10
# dimensions; the positives are shifted by a distance of 2 along the first
# three axes, so the classes overlap. Half for training, a quarter each for
# validation (to choose the threshold) and test (to report).
N, DIM, SHIFT = 20000, 10, 2.0
y = (rng.random(N) < 0.05).astype(int)
x = rng.standard_normal((N, DIM))
x[y == 1, :3] += SHIFT / np.sqrt(3)
x_tr, x_rest, y_tr, y_rest = train_test_split(
    x, y, test_size=0.5, stratify=y, random_state=SEED
)
x_val, x_te, y_val, y_te = train_test_split(
    x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=SEED
)
scaler = StandardScaler().fit(x_tr)
clf = LogisticRegression().fit(scaler.transform(x_tr), y_tr)
p_val = clf.predict_proba(scaler.transform(x_val))[:, 1]
p_te = clf.predict_proba(scaler.transform(x_te))[:, 1]

# The threshold with the best F1 on the validation set
prec, rec, thr = metrics.precision_recall_curve(y_val, p_val)
f1 = 2 * prec[:-1] * rec[:-1] / np.maximum(prec[:-1] + rec[:-1], 1e-12)
T_BEST = float(thr[np.argmax(f1)])
THRESHOLDS = {"0.5": 0.5, f"{T_BEST:.2f} (best F1 on validation)": T_BEST}


def at_threshold(t):
    """Test-set metrics of the rule 'positive if p >= t'."""
    pred = (p_te >= t).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(y_te, pred).ravel()
    return dict(
        tpr=tp / (tp + fn),
        fpr=fp / (fp + tn),
        precision=tp / max(tp + fp, 1),
        f1=metrics.f1_score(y_te, pred),
        acc=metrics.accuracy_score(y_te, pred),
    )


print(f"train {len(y_tr)}, validation {len(y_val)}, test {len(y_te)}")
print(f"positives in the test set: {y_te.sum()} of {len(y_te)} ({y_te.mean():.1%})")
print(f"threshold with the best validation F1: {T_BEST:.3f}")
