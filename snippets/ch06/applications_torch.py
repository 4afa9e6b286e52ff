import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU())
        self.head = nn.Linear(64, n_classes)

    def forward(self, x):
        return self.head(self.trunk(x))


# Stand-in for a downloaded checkpoint: a 5-class network saved as a state_dict.
pretrained = Net(5)
path = os.path.join(tempfile.mkdtemp(), "pretrained.pt")
torch.save(pretrained.state_dict(), path)

# The new task has 3 classes: load everything but the old head.
state = torch.load(path, weights_only=True)  # a dict: name -> tensor
print("checkpoint keys:", list(state))
state = {k: v for k, v in state.items() if not k.startswith("head.")}
state["extra.weight"] = torch.zeros(1)  # a key the model does not have
model = Net(3)
report = model.load_state_dict(state, strict=False)
print("missing keys:", report.missing_keys)  # in the model, not in the file
print("unexpected keys:", report.unexpected_keys)  # in the file, not in the model

same = torch.equal(model.trunk[0].weight, pretrained.trunk[0].weight)
print("trunk loaded:", same)
model.trunk.requires_grad_(False)  # freeze the weights ...
model.train()
model.trunk.eval()  # ... and keep BatchNorm on its running statistics
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(
    f"parameters: {sum(p.numel() for p in model.parameters()):,}, trainable: {trainable}"
)

assert report.missing_keys == ["head.weight", "head.bias"]
assert report.unexpected_keys == ["extra.weight"]
assert same and trainable == 64 * 3 + 3, "trunk loaded and frozen, head trainable"
try:
    model.load_state_dict(state)  # strict=True is the default
except RuntimeError:
    print("strict=True: RuntimeError on the missing and unexpected keys")
else:
    raise AssertionError("strict loading should fail")
