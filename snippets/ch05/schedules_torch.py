import numpy as np
import torch
from torch.optim import lr_scheduler

SEED = 0
LR, EPOCHS, WARMUP = 0.1, 20, 3
# A scripted validation loss: falls quickly, then stalls
VAL_LOSS = [1.0, 0.7, 0.55, 0.5, 0.49, 0.49, 0.495, 0.49, 0.48, 0.48]
VAL_LOSS += [0.481, 0.482, 0.47, 0.47, 0.47, 0.47, 0.47, 0.471, 0.47, 0.47]

torch.manual_seed(SEED)


def make_optimizer():
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)


step_opt = make_optimizer()
step = lr_scheduler.StepLR(step_opt, step_size=5, gamma=0.5)

plateau_opt = make_optimizer()
# patience=1 here does what patience=2 does in Keras (see the page)
plateau = lr_scheduler.ReduceLROnPlateau(plateau_opt, factor=0.5, patience=1)

cosine_opt = make_optimizer()
warmup = lr_scheduler.LinearLR(cosine_opt, start_factor=0.1, total_iters=WARMUP)
decay = lr_scheduler.CosineAnnealingLR(cosine_opt, T_max=EPOCHS - WARMUP)
cosine = lr_scheduler.SequentialLR(cosine_opt, [warmup, decay], milestones=[WARMUP])

history = []
for epoch in range(EPOCHS):
    # the learning rate used during this epoch
    history.append(
        [o.param_groups[0]["lr"] for o in (step_opt, plateau_opt, cosine_opt)]
    )
    for o in (step_opt, plateau_opt, cosine_opt):
        o.step()  # the training steps of the epoch would go here
    step.step()
    plateau.step(VAL_LOSS[epoch])  # after validation, with the monitored loss
    cosine.step()
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
