# book: run in a fresh process
import numpy as np
import tensorflow as tf

SEED = 0
REPLICAS, GLOBAL_BATCH, STEPS, LR = 2, 64, 20, 0.1

if __name__ == "__main__":
    # Split the one CPU into two logical devices; this must happen before
    # TensorFlow initializes its devices, hence the fresh process.
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration()] * REPLICAS
    )
    import keras

    keras.utils.set_random_seed(SEED)
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((STEPS * GLOBAL_BATCH, 8)).astype(np.float32)
    y = (x @ rng.standard_normal(8)).astype(np.float32)

    def make_model():
        keras.utils.set_random_seed(SEED)  # the same initial weights
        model = keras.Sequential(
            [
                keras.Input((8,)),
                keras.layers.Dense(16, activation="tanh"),
                keras.layers.Dense(1),
            ]
        )
        model.compile(optimizer=keras.optimizers.SGD(LR), loss="mse")
        return model

    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    print("replicas in sync:", strategy.num_replicas_in_sync)
    with strategy.scope():  # variables created here are mirrored
        model = make_model()
    # fit() splits every global batch of 64 into 32 per replica and averages
    # the replicas' gradients before the one update they all apply.
    model.fit(x, y, batch_size=GLOBAL_BATCH, epochs=1, shuffle=False, verbose=0)

    kernel = model.layers[0].kernel.value  # a MirroredVariable
    copies = [v.numpy() for v in kernel.values]
    print(
        "copies of the first kernel on:",
        [v.device.split("/")[-1] for v in kernel.values],
    )
    between = max(np.abs(a - b).max() for a, b in zip(copies, copies[1:]))

    single = make_model()  # one device, whole batches
    single.fit(x, y, batch_size=GLOBAL_BATCH, epochs=1, shuffle=False, verbose=0)
    vs_single = max(
        np.abs(a - b).max() for a, b in zip(model.get_weights(), single.get_weights())
    )
    print(f"max difference between the replicas: {between:.1e}")
    print(f"matches one device on batches of {GLOBAL_BATCH}: {vs_single < 1e-5}")
    assert strategy.num_replicas_in_sync == REPLICAS, "two replicas"
    assert between == 0.0, "data parallelism keeps the replicas identical"
    assert vs_single < 1e-5, "averaged gradients = the gradient of the whole batch"
