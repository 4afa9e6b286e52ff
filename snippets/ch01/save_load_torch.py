import os
import tempfile

import numpy as np
import torch
from torch import nn

SEED = 0
torch.manual_seed(SEED)
rng = np.random.default_rng(SEED)
x = torch.from_numpy(rng.standard_normal((5, 2)).astype(np.float32))


def mlp():
    return nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))


model = mlp()
optimizer = torch.optim.Adam(model.parameters())
target = torch.from_numpy(rng.standard_normal((5, 1)).astype(np.float32))
for _step in range(2):  # move off the init
    optimizer.zero_grad()
    nn.functional.mse_loss(model(x), target).backward()
    optimizer.step()
model.eval()
with torch.no_grad():
    before = model(x)

print("state_dict:", {k: tuple(v.shape) for k, v in model.state_dict().items()})
with tempfile.TemporaryDirectory() as tmp:
    # Tensors only: the architecture is the code in mlp()
    path = os.path.join(tmp, "moons.pt")
    torch.save(model.state_dict(), path)
    # To resume training, save the optimizer's state_dict as well
    torch.save(optimizer.state_dict(), os.path.join(tmp, "adam.pt"))

    restored = mlp()  # a fresh model with new random weights ...
    restored.load_state_dict(torch.load(path, weights_only=True))  # ... overwritten
    restored.eval()
    opt_state = torch.load(os.path.join(tmp, "adam.pt"), weights_only=True)
    left_behind = os.listdir(tmp)

with torch.no_grad():
    after = restored(x)
print("predictions before:", np.round(before[:, 0].numpy(), 4))
print("after load_state_dict:", np.round(after[:, 0].numpy(), 4))
print("identical:", torch.equal(before, after))
print("optimizer steps restored:", int(opt_state["state"][0]["step"]))
print(
    "temporary folder removed:",
    not os.path.exists(tmp),
    "| it held",
    sorted(left_behind),
)

assert torch.equal(before, after), "load_state_dict must give identical predictions"
assert int(opt_state["state"][0]["step"]) == 2, (
    "the optimizer state_dict keeps its steps"
)
assert not os.path.exists(tmp), "nothing may be left behind"
