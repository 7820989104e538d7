import os
import tempfile

import torch
import torch.nn.functional as F
from torch import nn


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.output = nn.Linear(256, 10)

    def forward(self, X):
        return self.output(F.relu(self.hidden(X)))


torch.manual_seed(0)
net = MLP()
X = torch.randn(2, 20)
Y = net(X)
print({name: tuple(t.shape) for name, t in net.state_dict().items()})

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "mlp.pt")
    torch.save(net.state_dict(), path)  # (1)!
    clone = MLP()  # (2)!
    print(clone.load_state_dict(torch.load(path)))
clone.eval()  # (3)!
print("same outputs:", torch.equal(clone(X), Y))
