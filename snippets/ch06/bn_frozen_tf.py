import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

SEED, BATCH = 0, 10
keras.backend.set_floatx("float64")
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

digits = load_digits()
x_all, y_all = digits.data / 16.0, digits.target
order = rng.permutation(len(y_all))
src = order[y_all[order] < 5]
tgt = order[y_all[order] >= 5]
src_train, src_test = src[:600], src[600:]  # digits 0-4
tgt_train, tgt_test = tgt[:100], tgt[100:]  # digits 5-9, only 100 labels

trunk = keras.Sequential(
    [keras.Input((64,)), layers.Dense(64), layers.BatchNormalization(), layers.ReLU()]
)
old_model = keras.Sequential([trunk, layers.Dense(5)])


def accuracy(model, idx, offset):
    logits = model(x_all[idx], training=False)  # inference mode
    pred = keras.ops.convert_to_numpy(logits).argmax(1)
    return np.mean(pred == y_all[idx] - offset)


# Pretrain trunk + old head on digits 0-4.
old_model.compile(
    keras.optimizers.Adam(0.01),
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
# 100 full-batch steps as one epoch of 100 copies (Keras pays ~60 ms per epoch).
x_rep, y_rep = np.tile(x_all[src_train], (100, 1)), np.tile(y_all[src_train], 100)
old_model.fit(x_rep, y_rep, batch_size=600, epochs=1, shuffle=False, verbose=0)
pretrained = trunk.get_weights()
base_old = accuracy(old_model, src_test, 0)
print(f"pretrained trunk, digits 0-4 test accuracy: {base_old:.3f}")


def train_new(freeze, call_training, freeze_bn=False):
    """A new head on the trunk; call_training is what the model passes to the trunk."""
    trunk.set_weights(pretrained)
    trunk.trainable = not freeze
    if freeze_bn:
        trunk.layers[1].trainable = False  # only the BatchNormalization layer
    inputs = keras.Input((64,))
    features = trunk(inputs, training=call_training)
    model = keras.Model(inputs, layers.Dense(5)(features))
    model.compile(
        keras.optimizers.Adam(0.01 if freeze else 0.001),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(
        x_all[tgt_train], y_all[tgt_train] - 5, batch_size=BATCH, epochs=5, verbose=0
    )
    bn = trunk.layers[1]
    moving_mean = keras.ops.convert_to_numpy(bn.moving_mean)
    drift = np.abs(moving_mean - pretrained[4]).max()
    trunk.trainable = False  # evaluate the old head on the trunk as it is now
    return drift, accuracy(model, tgt_test, 5), accuracy(old_model, src_test, 0)


results = {}
for name, *setup in (
    ("trunk.trainable = False", True, None),
    ("fine-tune, trunk(x)", False, None),
    ("fine-tune, trunk(x, training=False)", False, False),
    ("fine-tune, BatchNormalization.trainable = False", False, None, True),
):
    results[name] = drift, new_acc, old_acc = train_new(*setup)
    print(f"{name}:")
    print(f"  moving_mean moved by up to {drift:.3f}")
    print(f"  digits 5-9 accuracy {new_acc:.3f}, old head on digits 0-4 {old_acc:.3f}")

frozen = results["trunk.trainable = False"]
assert frozen[0] == 0.0 and frozen[2] == base_old, "trainable=False: inference mode"
assert results["fine-tune, trunk(x)"][0] > 0.1, "unfrozen BN follows the new batches"
# Keras 3: fit() calls the model with training=True, which overrides the
# training=False stored in the graph (keras-team/keras issue 20285).
assert results["fine-tune, trunk(x, training=False)"][0] > 0.1, "overridden"
assert results["fine-tune, BatchNormalization.trainable = False"][0] == 0.0, "frozen BN"
