import keras
import numpy as np
from keras import ops
from sklearn.datasets import load_digits

keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)

X, _ = load_digits(return_X_y=True)
images = (X[:4] / 16.0).reshape(4, 8, 8, 1)  # 4 digits, channels last
N, H, W, C = images.shape
D = 16  # embedding width


def patchify(x, p):  # (N, H, W, C) -> (N, H/p * W/p, p*p*C), row by row
    x = ops.reshape(x, (N, H // p, p, W // p, p, C))
    x = ops.transpose(x, (0, 1, 3, 2, 4, 5))
    return ops.reshape(x, (N, (H // p) * (W // p), p * p * C))


result = {}
for p in [2, 4]:
    w = rng.normal(size=(p * p * C, D)) / p  # one weight matrix from NumPy
    b = rng.normal(size=D)
    cls = rng.normal(size=(1, 1, D))  # the class token
    pos = rng.normal(size=(1, (H // p) * (W // p) + 1, D))  # position embeddings

    linear = keras.layers.Dense(D)  # way 1: cut into patches, then a linear layer
    linear.build((None, p * p * C))
    linear.set_weights([w, b])
    tok_linear = linear(patchify(images, p))

    conv = keras.layers.Conv2D(D, kernel_size=p, strides=p)  # way 2: kernel = stride
    conv.build((None, H, W, C))
    conv.set_weights([w.reshape(p, p, C, D), b])
    tok_conv = ops.reshape(conv(images), (N, -1, D))  # (N, H/p, W/p, D) -> tokens

    gap = float(ops.max(ops.abs(tok_linear - tok_conv)))
    seq = ops.concatenate([ops.tile(cls, (N, 1, 1)), tok_conv], axis=1) + pos
    pos_size = int(np.prod(pos.shape))
    print(
        f"P={p}: {tok_conv.shape[1]} tokens of {p * p * C} pixels,"
        f" patches {tuple(patchify(images, p).shape)} -> tokens {tuple(tok_conv.shape)}"
        f" -> with [CLS] {tuple(seq.shape)}"
    )
    print(
        f"     linear == conv (to 1e-12): {gap < 1e-12};  parameters: projection"
        f" {w.size + b.size}, [CLS] {D}, positions {pos_size}"
    )
    result[f"P{p}"] = ops.convert_to_numpy(seq)
    assert gap < 1e-12, "a linear layer on patches equals a conv with kernel = stride"
    assert seq.shape == (N, (H // p) * (W // p) + 1, D), "one [CLS] + (H/P)(W/P)"

print("first image, [CLS] row, 3 values:", np.round(result["P2"][0, 0, :3], 4))
print("ViT on 224x224 images: tokens (and attention pairs) per patch size")
for p in [32, 16, 14, 8]:
    t = (224 // p) ** 2
    print(f"  P={p:2d}: {t:4d} tokens, {(t + 1) ** 2:7d} pairs with [CLS]")

assert (224 // 16) ** 2 == 196, "ViT-B/16 sees 196 patches"
assert (224 // 8) ** 2 == 4 * (224 // 16) ** 2, "halving P quadruples the tokens"
