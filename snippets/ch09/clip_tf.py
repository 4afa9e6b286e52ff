# book: tolerance ±0.03
import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits

keras.backend.set_floatx("float64")
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)

X, y = load_digits(return_X_y=True)
X = X / 16.0
idx = rng.permutation(len(X))
train, test = idx[:1200], idx[1200:1700]  # 500 held-out pairs

# a "caption" of 4 tokens: digit word 0-9, then ink, x and y position of the
# stroke, each as low/mid/high (tokens 10-18); token 19 = "no word"
img, ink = X.reshape(-1, 8, 8), X.sum(1)
cx = (img.sum(1) * np.arange(8)).sum(1) / ink  # centre of the ink, left-right
cy = (img.sum(2) * np.arange(8)).sum(1) / ink  # and top-bottom
stats = np.stack([ink, cx, cy], 1)
cuts = np.quantile(stats[train], [1 / 3, 2 / 3], axis=0)
attr = (stats[:, None, :] > cuts[None]).sum(1)  # 0, 1 or 2 for each attribute
caption = np.concatenate([y[:, None], 10 + 3 * np.arange(3) + attr], 1)


def noisy(cap):  # web captions are noisy: wrong digit words, missing words
    cap = cap.copy()
    wrong = rng.random(len(cap)) < 0.1
    cap[wrong, 0] = rng.integers(0, 10, wrong.sum())
    cap[:, 1:][rng.random((len(cap), 3)) < 0.3] = 19
    return cap


image_enc = keras.Sequential(
    [
        keras.Input((64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(32),
    ]
)
text_enc = keras.Sequential(
    [
        keras.Input((4,), dtype="int64"),
        keras.layers.Embedding(20, 32),
        keras.layers.GlobalAveragePooling1D(),  # mean of the word vectors
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32),
    ]
)
log_scale = tf.Variable(np.log(1 / 0.07))  # learned temperature


def embed(x, cap):
    i = tf.math.l2_normalize(image_enc(x), axis=1)
    t = tf.math.l2_normalize(text_enc(cap), axis=1)
    return i, t


weights = image_enc.trainable_variables + text_enc.trainable_variables + [log_scale]
opt = keras.optimizers.Adam(0.005)
opt.build(weights)


@tf.function
def train_step(x, cap):
    with tf.GradientTape() as tape:
        i, t = embed(x, cap)
        scale = tf.minimum(tf.exp(log_scale), 100.0)
        logits = scale * i @ tf.transpose(t)  # (256, 256) cosine / tau
        target = tf.range(256)
        ce = keras.losses.sparse_categorical_crossentropy
        loss = (
            tf.reduce_mean(
                ce(target, logits, from_logits=True)
                + ce(target, tf.transpose(logits), from_logits=True)
            )
            / 2
        )
    opt.apply_gradients(zip(tape.gradient(loss, weights), weights))
    return loss


losses = []
for _ in range(300):  # batches of 256 image-caption pairs
    b = rng.choice(train, 256, replace=False)
    losses.append(float(train_step(X[b], noisy(caption[b]))))
print(
    f"symmetric InfoNCE: first 10 steps {np.mean(losses[:10]):.2f}, "
    f"last 10 {np.mean(losses[-10:]):.2f}  (log 256 = {np.log(256):.2f})"
)
print(f"learned temperature tau = {1 / np.exp(log_scale.numpy()):.3f}")

i, t = embed(X[test], noisy(caption[test]))
sim = (i @ tf.transpose(t)).numpy()
groups = np.arange(500).reshape(5, 100)  # retrieve among 100 pairs at a time
i2t = np.mean([(sim[g][:, g].argmax(1) == np.arange(100)).mean() for g in groups])
t2i = np.mean([(sim[g][:, g].argmax(0) == np.arange(100)).mean() for g in groups])
prompts = np.array([[k, 19, 19, 19] for k in range(10)])  # "a k", no other words
_, p = embed(X[test], prompts)
zero_shot = float(((i @ tf.transpose(p)).numpy().argmax(1) == y[test]).mean())
print(f"image->text top-1 {i2t:.2f}, text->image top-1 {t2i:.2f}  (chance 0.01)")
print(f"zero-shot accuracy with 10 prompts {zero_shot:.2f}  (chance 0.10)")

assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 2, "the contrastive loss falls"
assert i2t > 0.2 and t2i > 0.2, "retrieval far above chance"
assert zero_shot > 0.8, "zero-shot classification from captions alone"
