import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)

# weights=None builds the architecture with random weights and downloads nothing.
# weights="imagenet" would download the ImageNet weights into ~/.keras/models/.
base = keras.applications.MobileNetV3Small(
    weights=None, include_top=False, input_shape=(96, 96, 3), pooling="avg"
)
base.trainable = False  # feature extraction: freeze every layer, BN included

inputs = keras.Input((96, 96, 3))  # pixels in [0, 255]: the model rescales them
features = base(inputs, training=False)
outputs = layers.Dense(5)(layers.Dropout(0.2)(features))  # a new 5-class head
model = keras.Model(inputs, outputs)

n_trainable = sum(int(np.prod(v.shape)) for v in model.trainable_variables)
print(f"MobileNetV3Small without its top: {base.count_params():,} parameters")
print(f"layers: {len(base.layers)}, output features: {base.output_shape[-1]}")
print(f"whole model: {model.count_params():,}, trainable: {n_trainable:,}")

images = np.random.default_rng(0).uniform(0, 255, (4, 96, 96, 3))
logits = model(images, training=False)
print("logits shape:", tuple(logits.shape))

assert n_trainable == base.output_shape[-1] * 5 + 5, "only the head trains"
assert tuple(logits.shape) == (4, 5)
