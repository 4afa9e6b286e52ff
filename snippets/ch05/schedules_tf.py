import keras
import numpy as np

SEED = 0
LR, EPOCHS, WARMUP = 0.1, 20, 3
# A scripted validation loss: falls quickly, then stalls
VAL_LOSS = [1.0, 0.7, 0.55, 0.5, 0.49, 0.49, 0.495, 0.49, 0.48, 0.48]
VAL_LOSS += [0.481, 0.482, 0.47, 0.47, 0.47, 0.47, 0.47, 0.471, 0.47, 0.47]

keras.utils.set_random_seed(SEED)

# Schedules are functions of the step; here one step = one epoch.
step = keras.optimizers.schedules.ExponentialDecay(
    LR, decay_steps=5, decay_rate=0.5, staircase=True
)
cosine = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=LR / 10,  # where the warm-up starts
    warmup_target=LR,
    warmup_steps=WARMUP,
    decay_steps=EPOCHS - WARMUP,
)

# ReduceLROnPlateau is a callback that sets the optimizer's rate; we drive it by
# hand with the scripted loss instead of calling fit().
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(LR), loss="mse")
plateau = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2)
plateau.set_model(model)
plateau.on_train_begin()

history = []
for epoch in range(EPOCHS):
    lr_plateau = float(model.optimizer.learning_rate)  # used during this epoch
    history.append([float(step(epoch)), lr_plateau, float(cosine(epoch))])
    plateau.on_epoch_end(epoch, {"val_loss": VAL_LOSS[epoch]})
result = np.array(history)

print("epoch  val_loss  step    plateau  warm-up+cosine")
for epoch, (lr_step, lr_plateau, lr_cosine) in enumerate(history):
    print(
        f"{epoch:>5}  {VAL_LOSS[epoch]:>8.3f}  {lr_step:.4f}  "
        f"{lr_plateau:.4f}   {lr_cosine:.4f}"
    )

assert np.allclose(result[[0, 5, 10, 15], 0], [0.1, 0.05, 0.025, 0.0125]), "step"
assert np.all(np.diff(result[:, 1]) <= 0), "plateau only ever lowers the rate"
assert result[-1, 1] < LR, "the stalled loss must trigger a reduction"
assert np.isclose(result[0, 2], 0.01) and np.isclose(result[WARMUP, 2], LR), "warm-up"
assert np.all(np.diff(result[WARMUP:, 2]) < 0), "cosine decays after the warm-up"
