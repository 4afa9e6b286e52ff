import math

import keras
import numpy as np
from keras import ops

SEED = 0
D_KS = [4, 64, 512]
N_ROWS, N_KEYS = 1000, 16  # 1000 queries, each scored against its own 16 keys

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)


def softmax_stats(scores):
    """Medians over rows of: largest weight, entropy (nats), Jacobian norm."""
    p = ops.softmax(scores, axis=-1)
    entropy = -ops.sum(p * ops.log_softmax(scores, axis=-1), axis=-1)
    # d p_i / d score_j = p_i (delta_ij - p_j), i.e. J = diag(p) - p p^T
    jac = p[:, :, None] * ops.eye(N_KEYS) - p[:, :, None] * p[:, None, :]
    jac_norm = ops.norm(jac, axis=(-2, -1))  # Frobenius norm
    stats = (ops.max(p, axis=-1), entropy, jac_norm)
    return [float(ops.median(x)) for x in stats]


rows = []
for d_k in D_KS:
    # Queries and keys with independent unit-variance components
    q = rng.standard_normal((N_ROWS, d_k)).astype(np.float32)
    k = rng.standard_normal((N_ROWS, N_KEYS, d_k)).astype(np.float32)
    raw = ops.einsum("nd,ntd->nt", q, k)
    scaled = raw / math.sqrt(d_k)
    var = float(ops.var(raw))
    rows.append([d_k, var, *softmax_stats(raw), *softmax_stats(scaled)])
dims, variances, max_raw, ent_raw, jac_raw, max_sc, ent_sc, jac_sc = np.array(rows).T

uniform, max_entropy = 1 / N_KEYS, math.log(N_KEYS)
print(f"{N_KEYS} keys: uniform weight {uniform:.4f}, max entropy {max_entropy:.4f}")
print(f"medians over {N_ROWS} softmax rows, raw = q.k, scaled = q.k / sqrt(d_k)")
print("                |   max weight   |    entropy     | Jacobian norm")
print("  d_k  var/d_k  |    raw  scaled |    raw  scaled |    raw  scaled")
for d, v, mr, er, jr, ms, es, js in rows:
    print(
        f"{d:5d}  {v / d:7.2f}  | {mr:6.3f}  {ms:6.3f} | {er:6.3f}  {es:6.3f} |"
        f" {jr:6.3f}  {js:6.3f}"
    )

assert np.allclose(variances / dims, 1.0, atol=0.05), "Var(q.k) must be close to d_k"
assert np.all(np.diff(max_raw) > 0) and max_raw[-1] > 0.99, "raw softmax saturates"
assert np.ptp(max_sc) < 0.05, "scaled softmax keeps the same sharpness"
assert np.ptp(ent_sc) < 0.1 and np.ptp(jac_sc) < 0.02, "and the same entropy, gradient"
assert max_raw[0] > max_sc[0], "at d_k = 4, the raw softmax is the sharper one"
assert ent_raw[-1] < 0.01 * ent_sc[-1], "raw softmax loses almost all entropy"
assert jac_raw[-1] < 0.01 * jac_sc[-1], "raw softmax passes almost no gradient"
