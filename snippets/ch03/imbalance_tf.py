import keras
import numpy as np
import tensorflow as tf
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

SEED = 0
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

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


def train(x_np, y_np, class_weight=None, steps=300):
    """A small MLP, full-batch Adam on BCE with logits; returns P(y=1|x)."""
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            keras.Input((10,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    # `steps` full-batch updates in one epoch
    full_batches = tf.data.Dataset.from_tensors((x_np, y_np)).repeat(steps)
    model.fit(full_batches, class_weight=class_weight, shuffle=False, verbose=0)
    return lambda a: keras.ops.convert_to_numpy(keras.ops.sigmoid(model(a)))[:, 0]


# Class weights n / (2 n_c), as in scikit-learn's class_weight="balanced"
class_w = len(y_tr) / (2 * np.bincount(y_tr))
# Random oversampling: draw minority examples with replacement until balanced
pos, neg = np.flatnonzero(y_tr == 1), np.flatnonzero(y_tr == 0)
extra = rng.choice(pos, size=len(neg) - len(pos), replace=True)
idx_over = np.concatenate([neg, pos, extra])

plain = train(x_tr, y_tr)
weighted = train(x_tr, y_tr, class_weight={0: class_w[0], 1: class_w[1]})
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
