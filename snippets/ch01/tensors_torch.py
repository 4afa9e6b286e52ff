import numpy as np
import torch

SEED = 0
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)

a_np = rng.standard_normal((2, 3))  # NumPy's default float dtype is float64
b_np = rng.standard_normal((3, 4))

print("PyTorch", torch.__version__.split("+")[0])
print("dtype kept from NumPy:", torch.tensor(a_np).dtype)
print("dtype of a Python float / int:", torch.tensor(1.0).dtype, torch.tensor(1).dtype)

a = torch.tensor(a_np, dtype=torch.float32)  # the usual choice for training
b = torch.tensor(b_np, dtype=torch.float32)
bias = torch.tensor([0.5, -1.0, 2.0, 0.0])
print(
    "a:", tuple(a.shape), a.dtype, "| b:", tuple(b.shape), "| bias:", tuple(bias.shape)
)

# (2, 3) @ (3, 4) -> (2, 4); bias (4,) is broadcast over the 2 rows
y = a @ b + bias
print("y = a @ b + bias:", tuple(y.shape))

# Broadcasting: (3, 1) and (4,) line up from the right and both stretch to (3, 4)
col = torch.arange(3.0).reshape(3, 1)
row = torch.arange(4.0)
grid = col * 10 + row
print("(3, 1) + (4,) ->", tuple(grid.shape))
print(grid.numpy())

# PyTorch promotes dtypes: float32 + float64 gives float64
mixed = (a + torch.tensor(a_np)).dtype
print("float32 + float64:", mixed)

# torch.from_numpy shares memory with the array; torch.tensor copies
shared, copied = torch.from_numpy(a_np), torch.tensor(a_np)
a_np[0, 0] = 100.0
print(
    "after a_np[0, 0] = 100: from_numpy",
    shared[0, 0].item(),
    "| tensor",
    round(copied[0, 0].item(), 4),
)

# Back to NumPy (a tensor that requires grad needs .detach() first)
y_np = y.numpy()
expected = copied.numpy().astype(np.float32) @ b_np.astype(np.float32) + bias.numpy()
with np.printoptions(precision=3, suppress=True):
    print("y as NumPy:", type(y_np).__name__, y_np.dtype)
    print(y_np)
result = y_np

assert y.shape == (2, 4) and grid.shape == (3, 4), "broadcast shapes must be as printed"
assert np.allclose(y_np, expected, atol=1e-5), "must match the same sum in NumPy"
assert mixed == torch.float64, "PyTorch must promote float32 + float64 to float64"
assert shared[0, 0].item() == 100.0 and copied[0, 0].item() != 100.0, (
    "from_numpy shares, tensor copies"
)
