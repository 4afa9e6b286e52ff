import keras
import numpy as np
import tensorflow as tf
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

keras.backend.set_floatx("float64")  # a tiny model: float64 costs little
SEEDS = (0, 1, 2)  # every model is trained once per seed; the table shows means

# 20000 examples, 5% positive: 25% for training, 25% for validation (to choose
# a threshold), 50% for testing, so that the test set holds about 540 positives
x, y = make_classification(
    n_samples=20000,
    n_features=10,
    n_informative=4,
    n_redundant=2,
    weights=[0.95, 0.05],
    class_sep=0.8,
    flip_y=0.01,
    random_state=0,
)
x_tr, x_rest, y_tr, y_rest = train_test_split(
    x, y, train_size=0.25, stratify=y, random_state=0
)
x_val, x_te, y_val, y_te = train_test_split(
    x_rest, y_rest, train_size=1 / 3, stratify=y_rest, random_state=0
)
mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
x_tr, x_val, x_te = [(a - mean) / std for a in (x_tr, x_val, x_te)]
print(f"train {len(y_tr)}, validation {len(y_val)}, test {len(y_te)}")
print(f"test positives: {y_te.sum()} ({y_te.mean():.1%})")


def train(x_np, y_np, seed, class_weight=None, steps=200):
    """A small MLP, full-batch Adam on BCE with logits; returns P(y=1|x)."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((10,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.1),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        steps_per_execution=steps,  # all updates in one graph call
    )
    # `steps` full-batch updates in one epoch
    full_batches = tf.data.Dataset.from_tensors((x_np, y_np)).repeat(steps)
    model.fit(full_batches, class_weight=class_weight, shuffle=False, verbose=0)
    return lambda a: keras.ops.convert_to_numpy(keras.ops.sigmoid(model(a)))[:, 0]


def evaluate(p, t):
    """Test-set metrics of the rule 'positive if p >= t', and of the scores p."""
    pred = (p >= t).astype(int)
    return dict(
        thr=t,
        acc=metrics.accuracy_score(y_te, pred),
        prec=metrics.precision_score(y_te, pred, zero_division=0),
        rec=metrics.recall_score(y_te, pred),
        f1=metrics.f1_score(y_te, pred),
        auc=metrics.roc_auc_score(y_te, p),
        ap=metrics.average_precision_score(y_te, p),
        mean_p=p.mean(),  # average predicted P(y=1)
    )


# Class weights n / (2 n_c), as in scikit-learn's class_weight="balanced"
class_w = len(y_tr) / (2 * np.bincount(y_tr))
pos, neg = np.flatnonzero(y_tr == 1), np.flatnonzero(y_tr == 0)
w = class_w[1] / class_w[0]  # the positives weigh w times as much as the negatives
runs, calib = [], []
for seed in SEEDS:
    # Random oversampling: draw minority examples with replacement until balanced
    extra = np.random.default_rng(seed).choice(pos, size=len(neg) - len(pos))
    idx_over = np.concatenate([neg, pos, extra])
    plain = train(x_tr, y_tr, seed)
    weighted = train(x_tr, y_tr, seed, class_weight=dict(enumerate(class_w)))
    oversampled = train(x_tr[idx_over], y_tr[idx_over], seed)
    # Threshold moving: keep the plain model, pick the threshold with the best
    # F1 on the validation set (never on the test set)
    prec, rec, thr = metrics.precision_recall_curve(y_val, plain(x_val))
    f1 = 2 * prec[:-1] * rec[:-1] / np.maximum(prec[:-1] + rec[:-1], 1e-12)
    best_t = float(thr[np.argmax(f1)])
    p_plain, p_w = plain(x_te), weighted(x_te)
    p_corr = p_w / (p_w + w * (1 - p_w))  # undo the prior shift: odds divided by w
    calib.append(
        [p_corr.mean()]
        + [metrics.brier_score_loss(y_te, q) for q in (p_plain, p_w, p_corr)]
    )
    runs.append(
        {
            "majority class": evaluate(np.zeros(len(y_te)), 0.5),
            "plain": evaluate(p_plain, 0.5),
            "class weights": evaluate(p_w, 0.5),
            "oversampling": evaluate(oversampled(x_te), 0.5),
            "plain, moved threshold": evaluate(p_plain, best_t),
        }
    )

print(f"class weights {np.round(class_w, 2)}; mean over {len(SEEDS)} seeds")
print("method                  thr   acc  prec   rec    F1  ROC AUC    AP  mean p")
res = {}
for name in runs[0]:
    res[name] = r = {k: np.mean([run[name][k] for run in runs]) for k in runs[0][name]}
    print(
        f"{name:22s} {r['thr']:5.2f} {r['acc']:5.2f} {r['prec']:5.2f} {r['rec']:5.2f}"
        f" {r['f1']:5.2f} {r['auc']:8.2f} {r['ap']:5.2f} {r['mean_p']:7.2f}"
    )
corr_p, brier_plain, brier_w, brier_corr = np.mean(calib, axis=0)
print(f"class weights, odds divided by w = {w:.2f}: mean p {corr_p:.2f}")
print(
    f"Brier score: plain {brier_plain:.3f}, class weights {brier_w:.3f},"
    f" odds divided by w {brier_corr:.3f}"
)

maj, base, moved = res["majority class"], res["plain"], res["plain, moved threshold"]
share = y_te.mean()
assert maj["acc"] > 0.94 and maj["f1"] == 0, "95% accuracy, finds no positive"
assert base["acc"] < maj["acc"] + 0.03, "the plain model barely beats that accuracy"
assert base["rec"] < 0.5, "at t = 0.5 the plain model misses most positives"
assert abs(base["mean_p"] - share) < 0.01, "its mean probability is the positive share"
for name in ("class weights", "oversampling"):
    r = res[name]
    assert r["rec"] > base["rec"] + 0.2, f"{name} raises recall"
    assert r["prec"] < base["prec"] - 0.2, f"{name} costs precision"
    assert r["acc"] < base["acc"] - 0.03, f"{name} lowers accuracy"
    assert r["f1"] < base["f1"] - 0.05, f"{name} lowers F1"
    assert r["auc"] < base["auc"] + 0.005, f"{name}: no better ranking (ROC AUC)"
    assert r["ap"] < base["ap"] - 0.03, f"{name}: a worse ranking at the top (AP)"
    assert r["mean_p"] > 2 * share, f"{name} inflates the probabilities"
for run in runs:  # a threshold changes no score: ROC AUC and AP stay exactly put
    assert run["plain, moved threshold"]["auc"] == run["plain"]["auc"]
    assert run["plain, moved threshold"]["ap"] == run["plain"]["ap"]
assert moved["thr"] < 0.4 and moved["rec"] > base["rec"] + 0.1, "lower t, more found"
assert moved["prec"] < base["prec"] - 0.05, "and fewer of the flagged are positive"
best_other = max(r["f1"] for r in res.values() if r is not moved)
assert moved["f1"] > best_other + 0.02, "the moved threshold has the best F1"
assert abs(corr_p - share) < 0.02, "dividing the odds by w restores mean p"
assert brier_corr < brier_w - 0.02, "and improves the Brier score"
assert brier_plain < brier_corr < brier_plain + 0.015, "close to the plain model's"
