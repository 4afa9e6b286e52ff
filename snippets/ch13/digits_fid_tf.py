import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

rng = np.random.default_rng(0)
digits = load_digits()
X, y = digits.data / 8.0 - 1.0, digits.target
idx = rng.permutation(len(X))
ref, pool = idx[:400], idx[400:]  # reference set, and a disjoint pool to draw from
N = 400  # every compared set has the same size as the reference
# fixed features: the 16 leading principal components of the reference digits
mean = X[ref].mean(0)
V = np.linalg.svd(X[ref] - mean, full_matrices=False)[2][:16].T


def feat(x):
    return tf.constant((x - mean) @ V, tf.float64)


sets = {
    "real, held out": X[pool[:N]],
    "real + noise": np.clip(X[pool[:N]] + rng.normal(0, 0.5, (N, 64)), -1, 1),
    "digits 0-4 only": X[pool[y[pool] < 5][:N]],
    "uniform noise": rng.uniform(-1, 1, (N, 64)),
}


def sqrtm_psd(S):  # symmetric square root via the eigendecomposition
    w, Q = tf.linalg.eigh(S)
    return Q @ tf.linalg.diag(tf.sqrt(tf.maximum(w, 0.0))) @ tf.transpose(Q)


def cov(a):  # sample covariance, rows are observations
    c = a - tf.reduce_mean(a, 0)
    return tf.transpose(c) @ c / tf.cast(tf.shape(a)[0] - 1, tf.float64)


def fid(a, b):  # Frechet distance between Gaussians fitted to two feature sets
    mu_a, mu_b = tf.reduce_mean(a, 0), tf.reduce_mean(b, 0)
    Sa, Sb = cov(a), cov(b)
    r = sqrtm_psd(Sa)
    # tr sqrt(Sa Sb) = sum of sqrt of the eigenvalues of Sa^(1/2) Sb Sa^(1/2)
    cross = tf.reduce_sum(tf.sqrt(tf.maximum(tf.linalg.eigvalsh(r @ Sb @ r), 0.0)))
    return (
        tf.reduce_sum((mu_a - mu_b) ** 2)
        + tf.linalg.trace(Sa)
        + tf.linalg.trace(Sb)
        - 2 * cross
    )


def cdist(a, b):  # Euclidean distances between the rows of a and of b
    d2 = (
        tf.reduce_sum(a**2, 1)[:, None]
        - 2 * a @ tf.transpose(b)
        + tf.reduce_sum(b**2, 1)[None]
    )
    return tf.sqrt(tf.maximum(d2, 0.0))


def knn_radius(a, k=3):  # distance from each point to its k-th nearest neighbour in a
    return tf.sort(cdist(a, a), axis=1)[:, k]  # column 0 is the point itself


def precision_recall(real, fake, k=3):  # Kynkaanniemi et al. 2019
    d = cdist(fake, real)  # (fake, real)
    precision = tf.reduce_mean(
        tf.cast(tf.reduce_any(d <= knn_radius(real, k)[None, :], 1), tf.float64)
    )
    recall = tf.reduce_mean(
        tf.cast(
            tf.reduce_any(tf.transpose(d) <= knn_radius(fake, k)[None, :], 1),
            tf.float64,
        )
    )
    return precision, recall


fr = feat(X[ref])
result = {}
for name, x in sets.items():
    fx = feat(x)
    p, r = precision_recall(fr, fx)
    result[name] = tf.stack([fid(fr, fx), p, r]).numpy()
    print(f"{name:16s} FID {result[name][0]:6.2f}  precision {p:.2f}  recall {r:.2f}")
f = {n: v[0] for n, v in result.items()}
A = tf.constant(rng.standard_normal((16, 16)))
S = A @ tf.transpose(A)
assert np.allclose(sqrtm_psd(S) @ sqrtm_psd(S), S), "the square root squares back"
print(f"FID of the reference with itself: {round(float(fid(fr, fr)), 6) + 0.0}")
assert f["real, held out"] < f["real + noise"] < f["uniform noise"], "FID ordering"
assert f["real, held out"] < f["digits 0-4 only"] < f["uniform noise"], "FID ordering"
dropped = result["digits 0-4 only"]
assert dropped[1] > 0.9 and dropped[2] < 0.7, (
    "dropped modes: high precision, low recall"
)
assert result["uniform noise"][1] < 0.2 and result["uniform noise"][2] == 0, "noise"
