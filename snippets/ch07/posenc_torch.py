import numpy as np
import torch

MAX_LEN, D_MODEL = 50, 16
BASE = 10000.0  # Vaswani et al. (2017)

# omega_i = 1 / 10000^(2i / d_model): one frequency per (sin, cos) pair of dimensions
freqs = BASE ** (-torch.arange(0, D_MODEL, 2, dtype=torch.float32) / D_MODEL)


def positional_encoding(max_len):
    """PE[pos, 2i] = sin(pos * omega_i), PE[pos, 2i + 1] = cos(pos * omega_i)."""
    angles = torch.arange(max_len, dtype=torch.float32)[:, None] * freqs
    # Interleave: sin, cos, sin, cos, ... along the last axis
    return torch.stack([torch.sin(angles), torch.cos(angles)], dim=-1).flatten(1)


def shift_matrix(k):
    """Block-diagonal M_k, one 2x2 rotation per pair; depends on k only."""
    c, s = torch.cos(k * freqs), torch.sin(k * freqs)
    blocks = torch.stack([c, s, -s, c], dim=-1).reshape(-1, 2, 2)
    return torch.block_diag(*blocks)


pe = positional_encoding(MAX_LEN)
result = pe.numpy()

# PE[pos + k] = M_k @ PE[pos] for every pos, i.e. PE[k:] = PE[:MAX_LEN - k] @ M_k^T
shift_error = 0.0
for k in range(MAX_LEN):
    predicted = pe[: MAX_LEN - k] @ shift_matrix(k).T
    shift_error = max(shift_error, (pe[k:] - predicted).abs().max().item())
# PE[p] . PE[p + k] should be sum_i cos(k * omega_i) for every p
gram = (pe @ pe.T).numpy()
dots = [np.diagonal(gram, offset=k) for k in range(MAX_LEN)]
expected = [torch.cos(k * freqs).sum().item() for k in range(MAX_LEN)]
norms = np.linalg.norm(result, axis=1)

print("PE:", result.shape, f"min {result.min():.3f} max {result.max():.3f}")
print("PE[0] =", result[0])
with np.printoptions(precision=1, suppress=True):
    print("wavelengths 2 pi / omega_i:", 2 * np.pi / freqs.numpy())
same_norm = bool(np.allclose(norms, np.sqrt(D_MODEL / 2), atol=1e-5))
print(f"every row has norm sqrt(d_model / 2) = {np.sqrt(D_MODEL / 2):.4f}:", same_norm)
print("PE[pos + k] = M_k PE[pos] for every pos and k:", shift_error < 1e-5)
print("PE[p] . PE[p + k], the same for every p; k = 0, 1, 2, 5, 10, 20:")
print(" ".join(f"{expected[k]:.2f}" for k in (0, 1, 2, 5, 10, 20)))

assert np.abs(result).max() <= 1.0, "sin and cos stay in [-1, 1]"
assert np.array_equal(result[0], np.tile([0.0, 1.0], D_MODEL // 2)), "PE[0]: 0, 1, ..."
assert same_norm, "every row has the same norm"
assert shift_error < 1e-5, "a shift by k is the same linear map at every pos"
assert expected[20] > expected[10], "the dot product is not monotonic in k"
for k in range(MAX_LEN):
    assert np.allclose(dots[k], expected[k], atol=1e-4), "dot depends on k only"
