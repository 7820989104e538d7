import os
import tempfile
import warnings

import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
X = torch.rand(3, 4)

batch = torch.export.Dim("batch")
program = torch.export.export(net, (X,), dynamic_shapes=({0: batch},))  # (1)!
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "mlp.pt2")
    torch.export.save(program, path)
    loaded = torch.export.load(path).module()  # (2)!
print("same outputs:", torch.equal(loaded(X), net(X)))
print("batch of 5:", tuple(loaded(torch.rand(5, 4)).shape))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.jit.script(net)  # (3)!
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print(message)
