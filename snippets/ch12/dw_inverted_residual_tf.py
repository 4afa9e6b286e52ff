import keras
import numpy as np

keras.utils.set_random_seed(0)
keras.backend.set_floatx("float64")
rng = np.random.default_rng(0)
H = W = 16  # a 16x16 feature map with C thin channels, stride 1
C, t, k = 32, 6, 3  # expansion factor t = 6, as in MobileNetV2
x = rng.normal(size=(1, H, W, C))
w_expand = rng.normal(size=(1, 1, C, t * C)) / np.sqrt(C)
w_dw = rng.normal(size=(k, k, t * C, 1)) / k
w_project = rng.normal(size=(1, 1, t * C, C)) / np.sqrt(t * C)
w_a = rng.normal(size=(k, k, C, C)) / np.sqrt(k * k * C)
w_b = rng.normal(size=(k, k, C, C)) / np.sqrt(k * k * C)

# MobileNetV2 block: expand 1x1, depthwise 3x3, linear 1x1 projection, shortcut
inp = keras.Input((H, W, C))
h = keras.layers.Conv2D(t * C, 1, use_bias=False, activation="relu6")(inp)
h = keras.layers.DepthwiseConv2D(k, padding="same", use_bias=False, activation="relu6")(
    h
)
h = keras.layers.Conv2D(C, 1, use_bias=False)(h)  # linear: no activation
inverted = keras.Model(inp, keras.layers.Add()([inp, h]))
inverted.set_weights([w_expand, w_dw, w_project])

# ResNet basic block: two standard 3x3 convolutions, shortcut
h = keras.layers.Conv2D(C, k, padding="same", use_bias=False, activation="relu")(inp)
h = keras.layers.Conv2D(C, k, padding="same", use_bias=False)(h)
basic = keras.Model(inp, keras.layers.ReLU()(keras.layers.Add()([inp, h])))
basic.set_weights([w_a, w_b])

macs_inv = H * W * (C * t * C + k * k * t * C + t * C * C)  # per position, times HW
macs_basic = H * W * 2 * k * k * C * C
p_inv, p_basic = inverted.count_params(), basic.count_params()
print(f"inverted residual, t={t}: {p_inv:6d} weights, {macs_inv:9,d} mult-adds")
print(f"basic residual block:    {p_basic:6d} weights, {macs_basic:9,d} mult-adds")
print(f"widest tensor: {t * C} channels against {C}, {H * W * t * C:,d} values")
y_inv, y_basic = np.asarray(inverted(x)), np.asarray(basic(x))
print(f"output shapes {y_inv.shape} and {y_basic.shape}")
result = {
    "counts": np.array([p_inv, p_basic, macs_inv, macs_basic]),
    "inverted": y_inv,
    "basic": y_basic,
}

assert p_inv == 2 * t * C * C + k * k * t * C, (
    "two 1x1 convolutions and a depthwise one"
)
assert p_inv < p_basic and macs_inv < macs_basic, "cheaper, though 6 times wider inside"
assert y_inv.shape == x.shape, "thin in, thin out: the shortcut joins the thin ends"
