import keras
import numpy as np

SEED = 0
BATCH, FEATURES, STEPS = 64, 3, 100

keras.utils.set_random_seed(SEED)
rng = np.random.default_rng(SEED)

# Every batch comes from the same distribution: mean 5, standard deviation 2
batches = rng.normal(5.0, 2.0, (STEPS, BATCH, FEATURES)).astype(np.float32)
first = batches[0]


def show(t):
    """Two decimals, without negative zeros."""
    a = np.round(keras.ops.convert_to_numpy(t).astype(np.float64), 2) + 0.0
    return np.array2string(a, precision=2, floatmode="fixed")


# Keras: moving = momentum * moving + (1 - momentum) * batch statistic, so
# momentum=0.9 here is PyTorch's momentum=0.1 (Keras' default is 0.99).
bn = keras.layers.BatchNormalization(momentum=0.9)

out = keras.ops.convert_to_numpy(bn(first, training=True))
print("train mode, output mean:", show(out.mean(0)), "std:", show(out.std(0)))
print("after 1 step, running mean:", show(bn.moving_mean))
out_eval_1 = keras.ops.convert_to_numpy(bn(first, training=False))
print("eval mode, same batch, output mean:", show(out_eval_1.mean(0)))

for batch in batches[1:]:
    bn(batch, training=True)
out_eval = keras.ops.convert_to_numpy(bn(first, training=False))
print(f"after {STEPS} steps, running mean:", show(bn.moving_mean))
print(f"after {STEPS} steps, running var: ", show(bn.moving_variance))
print("eval mode, same batch, output mean:", show(out_eval.mean(0)))
result = keras.ops.convert_to_numpy(bn.moving_mean)

one = keras.ops.convert_to_numpy(bn(first[:1], training=True))
print("train mode, batch of 1, output:", show(one[0]))

assert np.abs(out.mean(0)).max() < 1e-5, "train mode normalizes with the batch mean"
assert out_eval_1.mean(0).min() > 1.0, "after one step eval mode is far off"
assert np.allclose(result, 5.0, atol=0.3), "running mean -> 5"
assert np.abs(np.asarray(out_eval.mean(0))).max() < 0.3, (
    "settled statistics: eval is close to train"
)
assert np.all(one == 0.0), "a batch of 1 normalizes to exactly beta = 0"
