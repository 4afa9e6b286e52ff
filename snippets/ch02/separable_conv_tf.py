import keras
import numpy as np
from keras import layers

SEED = 0
K, C_IN, C_OUT, SIZE = 3, 64, 128, 16  # kernel, channels in and out, image size

rng = np.random.default_rng(SEED)
keras.utils.set_random_seed(SEED)

# the same NumPy arrays as in the PyTorch version; Keras is channels-last
x = rng.standard_normal((2, SIZE, SIZE, C_IN))
depthwise = rng.standard_normal((K, K, C_IN)) / K  # one k x k filter per channel
pointwise = rng.standard_normal((C_IN, C_OUT)) / np.sqrt(C_IN)  # 1x1: mixes channels
bias = rng.standard_normal(C_OUT)


def built(layer):
    layer.build((None, SIZE, SIZE, C_IN))
    return layer


standard = built(layers.Conv2D(C_OUT, K, padding="same", dtype="float64"))
separable = built(layers.SeparableConv2D(C_OUT, K, padding="same", dtype="float64"))
two_layers = keras.Sequential(
    [
        keras.Input((SIZE, SIZE, C_IN)),
        layers.DepthwiseConv2D(K, padding="same", use_bias=False),
        layers.Conv2D(C_OUT, 1),
    ]
)
print(f"{'layer':<34}{'params':>7}{'formula':>9}")
rows = [
    ("Conv2D 3x3, 64 -> 128", standard.count_params(), K * K * C_IN * C_OUT + C_OUT),
    (
        "SeparableConv2D 3x3, 64 -> 128",
        separable.count_params(),
        K * K * C_IN + C_IN * C_OUT + C_OUT,
    ),
    (
        "DepthwiseConv2D + Conv2D 1x1",
        two_layers.count_params(),
        K * K * C_IN + C_IN * C_OUT + C_OUT,
    ),
]
for name, count, formula in rows:
    print(f"{name:<34}{count:>7}{formula:>9}")

# multiply-adds per image: every weight is used once per output position
madds_standard = K * K * C_IN * C_OUT * SIZE * SIZE
madds_separable = (K * K * C_IN + C_IN * C_OUT) * SIZE * SIZE
print(
    f"multiply-adds per image: standard {madds_standard}, separable "
    f"{madds_separable} ({madds_standard / madds_separable:.1f} times fewer)"
)

separable.set_weights([depthwise[..., None], pointwise[None, None], bias])
# a standard convolution whose kernel is the product W[u,v,c,c'] = D[u,v,c] P[c,c']
standard.set_weights([depthwise[..., None] * pointwise, bias])
result = keras.ops.convert_to_numpy(separable(x))
gap = np.abs(result - keras.ops.convert_to_numpy(standard(x))).max()
print("separable = Conv2D with kernel D[u,v,c] * P[c,c']:", bool(gap < 1e-10))

for name, count, formula in rows:
    assert count == formula, f"{name}: Keras matches the formula"
assert rows[0][1] > 8 * rows[1][1], "more than 8 times fewer parameters"
assert gap < 1e-10, "a separable convolution is a convolution with a factorized kernel"
