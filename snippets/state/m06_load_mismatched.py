import tempfile

import torch
from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


def mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10))


trained = mlp()
checkpoint = {"module." + k: v for k, v in trained.state_dict().items()}  # (1)!
model = mlp()
print(model.load_state_dict(checkpoint, strict=False))  # (2)!
consume_prefix_in_state_dict_if_present(checkpoint, "module.")
print(model.load_state_dict(checkpoint))

finetune = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
own = finetune.state_dict()
same_shape = {k: v for k, v in checkpoint.items() if v.shape == own[k].shape}  # (3)!
partial = finetune.load_state_dict(same_shape, strict=False)
print(partial)

with tempfile.TemporaryDirectory() as folder:
    path = f"{folder}/net.pt"
    torch.save(trained.state_dict(), path)
    state = torch.load(path, mmap=True)  # (4)!
    with torch.device("meta"):
        empty = mlp()
    empty.load_state_dict(state, assign=True)  # (5)!
    print(empty[0].weight.data_ptr() == state["0.weight"].data_ptr())
