import warnings

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm1d(2)
        self.phase = nn.Parameter(torch.tensor([1 + 2j, 3 - 1j]))


def dtypes(module):
    return {name: str(t.dtype).removeprefix("torch.") for name, t in module.state_dict().items()}


torch.manual_seed(0)
net = Net()
torch.set_warn_always(True)  # (1)!
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    net.to(torch.float16)  # (2)!
for w in caught:
    print(f"{w.category.__name__}: {str(w.message).split(' (Triggered')[0]}")
print(dtypes(net))
print(net.phase.data)

net = Net().double()  # (3)!
print(dtypes(net))

model = nn.Linear(2, 2)
checkpoint = {k: v.to(torch.bfloat16) for k, v in model.state_dict().items()}
model.load_state_dict(checkpoint)  # (4)!
print("copied:  ", model.weight.dtype)
model.load_state_dict(checkpoint, assign=True)  # (5)!
print("assigned:", model.weight.dtype)
