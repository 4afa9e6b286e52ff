import keras
import numpy as np
import tensorflow as tf
from keras import ops

SEED = 0
SIZE, N_TRAIN, N_TEST = 16, 256, 64
keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)


def make_images(n):
    """Noisy images, each with one bright rectangle; the mask marks the rectangle."""
    masks = np.zeros((n, SIZE, SIZE, 1), np.float32)
    for m in masks:
        h, w = rng.integers(4, 10, size=2)
        top, left = rng.integers(0, SIZE - h), rng.integers(0, SIZE - w)
        m[top : top + h, left : left + w, 0] = 1.0
    images = masks + 0.6 * rng.standard_normal(masks.shape).astype(np.float32)
    return images, masks


x_train, y_train = make_images(N_TRAIN)
x_test, y_test = make_images(N_TEST)


def soft_iou_loss(y_true, y_pred, eps=1.0):
    """1 - soft Jaccard index, one value per image (y_pred: probabilities)."""
    y_true = ops.cast(y_true, y_pred.dtype)
    axes = (1, 2, 3)
    inter = ops.sum(y_true * y_pred, axis=axes)
    union = ops.sum(y_true, axis=axes) + ops.sum(y_pred, axis=axes) - inter
    return 1.0 - (inter + eps) / (union + eps)


def seed_iou_loss(y_true, y_pred):
    """The original post's loss: -log(max(IoU, 1)), always -log(1) = 0."""
    inter = tf.reduce_sum(y_true * y_pred)
    union = tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) - inter
    return -tf.math.log(tf.reduce_max([inter / (union + 1e-5), 1.0]))


def hard_iou(y_true, p):
    """IoU of the thresholded prediction, averaged over images (a metric)."""
    pred = tf.cast(p > 0.5, tf.float32)  # the comparison has no gradient
    inter = tf.reduce_sum(y_true * pred, axis=(1, 2, 3))
    union = tf.reduce_sum(tf.cast(y_true + pred > 0, tf.float32), axis=(1, 2, 3))
    return tf.reduce_mean(inter / tf.maximum(union, 1.0))


model = keras.Sequential(
    [
        keras.Input((SIZE, SIZE, 1)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(1, 1, activation="sigmoid"),  # one probability per pixel
    ]
)

# Which of the three has a gradient with respect to the network's weights?
kernel = model.layers[0].kernel
with tf.GradientTape(persistent=True) as tape:
    p = model(x_train[:32])
    losses = {
        "post's -log(max(IoU, 1))": seed_iou_loss(y_train[:32], p),
        "soft IoU loss": tf.reduce_mean(soft_iou_loss(y_train[:32], p)),
    }
    hard = hard_iou(y_train[:32], p)
grads = {}
for name, loss in losses.items():
    grads[name] = float(tf.norm(tape.gradient(loss, kernel)))
    print(f"{name:26s} loss {float(loss) + 0.0:.4f}  grad norm {grads[name]:.4f}")
hard_grad = tape.gradient(hard, kernel)
print(f"{'thresholded IoU':26s} gradient: {hard_grad}")

iou_before = float(hard_iou(y_test, model(x_test)))
model.compile(optimizer=keras.optimizers.Adam(0.01), loss=soft_iou_loss)
model.fit(x_train, y_train, batch_size=32, epochs=15, verbose=0)
p_test = model(x_test)
loss_after = float(tf.reduce_mean(soft_iou_loss(y_test, p_test)))
iou_after = float(hard_iou(y_test, p_test))
print(f"test IoU at threshold 0.5: before {iou_before:.2f}, after {iou_after:.2f}")
print(f"test soft IoU loss after training: {loss_after:.2f}")

assert grads["post's -log(max(IoU, 1))"] == 0.0, "the post's loss has no gradient"
assert grads["soft IoU loss"] > 0.0, "the soft IoU loss has a gradient"
assert hard_grad is None, "a thresholded IoU cannot be backpropagated"
assert iou_after > 0.8 and iou_after > iou_before + 0.3, "the soft IoU loss trains"
