import os
import tempfile

import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
net = nn.Linear(3, 2, device=device)
locations = set()


def keep_on_cpu(storage, location):  # (1)!
    locations.add(location)
    return storage


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "linear.pt")
    torch.save(net.state_dict(), path)
    for map_location in ["cpu", torch.device("cpu"), {"cuda:0": "cpu"}, keep_on_cpu]:  # (2)!
        state = torch.load(path, map_location=map_location)
        print(f"{type(map_location).__name__:8}", {name: t.device.type for name, t in state.items()})
print("recorded locations:", sorted(locations))
