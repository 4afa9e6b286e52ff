import numpy as np
import torch
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from torch import nn

SEED = 0
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)
torch.set_num_threads(1)

# 5% positives; 60% train, 20% validation (to pick a threshold), 20% test
x, y = make_classification(
    n_samples=5000,
    n_features=10,
    n_informative=4,
    n_redundant=2,
    weights=[0.95, 0.05],
    class_sep=0.8,
    flip_y=0.01,
    random_state=SEED,
)
x_tr, x_rest, y_tr, y_rest = train_test_split(
    x, y, test_size=0.4, stratify=y, random_state=SEED
)
x_val, x_te, y_val, y_te = train_test_split(
    x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=SEED
)
mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
x_tr, x_val, x_te = [((a - mean) / std).astype(np.float32) for a in (x_tr, x_val, x_te)]
print(f"train {len(y_tr)} ({y_tr.mean():.1%} positive), test {len(y_te)}")


def train(x_np, y_np, weights=None, steps=300):
    """A small MLP, full-batch Adam on weighted BCE with logits; returns P(y=1|x)."""
    torch.manual_seed(SEED)
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    xt = torch.tensor(x_np)
    yt = torch.tensor(y_np, dtype=torch.float32)
    wt = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    for _ in range(steps):
        logits = model(xt).squeeze(1)
        loss = nn.functional.binary_cross_entropy_with_logits(logits, yt, weight=wt)
        opt.zero_grad()
        loss.backward()
        opt.step()

    @torch.no_grad()
    def predict(a):
        return torch.sigmoid(model(torch.tensor(a))).squeeze(1).numpy()

    return predict


# Class weights n / (2 n_c), as in scikit-learn's class_weight="balanced"
class_w = len(y_tr) / (2 * np.bincount(y_tr))
# Random oversampling: draw minority examples with replacement until balanced
pos, neg = np.flatnonzero(y_tr == 1), np.flatnonzero(y_tr == 0)
extra = rng.choice(pos, size=len(neg) - len(pos), replace=True)
idx_over = np.concatenate([neg, pos, extra])

plain = train(x_tr, y_tr)
weighted = train(x_tr, y_tr, weights=class_w[y_tr])
oversampled = train(x_tr[idx_over], y_tr[idx_over])

# Threshold moving: keep the plain model, pick the threshold with the best
# F1 on the validation set (never on the test set)
prec, rec, thr = metrics.precision_recall_curve(y_val, plain(x_val))
f1 = 2 * prec[:-1] * rec[:-1] / np.maximum(prec[:-1] + rec[:-1], 1e-12)
best_t = float(thr[np.argmax(f1)])

rows = {
    "majority class": (np.zeros(len(y_te)), 0.5),
    "plain": (plain(x_te), 0.5),
    "class weights": (weighted(x_te), 0.5),
    "oversampling": (oversampled(x_te), 0.5),
    "plain, moved threshold": (plain(x_te), best_t),
}
print(f"class weights {np.round(class_w, 2)}, moved threshold {best_t:.2f}")
print("method                  thr   acc  prec   rec    F1  ROC AUC    AP")
res = {}
for name, (p, t) in rows.items():
    pred = (p >= t).astype(int)
    res[name] = r = dict(
        acc=metrics.accuracy_score(y_te, pred),
        prec=metrics.precision_score(y_te, pred, zero_division=0),
        rec=metrics.recall_score(y_te, pred),
        f1=metrics.f1_score(y_te, pred),
        auc=metrics.roc_auc_score(y_te, p),
        ap=metrics.average_precision_score(y_te, p),
    )
    print(
        f"{name:22s} {t:4.2f} {r['acc']:5.3f} {r['prec']:5.3f} {r['rec']:5.3f}"
        f" {r['f1']:5.3f} {r['auc']:8.3f} {r['ap']:5.3f}"
    )

base, maj = res["plain"], res["majority class"]
assert maj["acc"] > 0.94 and maj["rec"] == 0.0, "95% accuracy, finds no positive"
for name in ("class weights", "oversampling", "plain, moved threshold"):
    assert res[name]["rec"] > base["rec"], f"{name} raises recall"
for name in ("class weights", "oversampling"):
    assert res[name]["prec"] < base["prec"], f"{name} costs precision"
    assert abs(res[name]["auc"] - base["auc"]) < 0.03, f"{name}: similar ranking"
assert best_t < 0.5, "the best threshold for the minority class is below 0.5"
