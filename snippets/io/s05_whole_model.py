import os
import pickle
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
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "mlp-model.pt")
    torch.save(net, path)  # (1)!
    try:
        torch.load(path)
    except pickle.UnpicklingError as e:
        msg = str(e)
        print("UnpicklingError:", msg[: msg.index(".") + 1])
        print("  " + msg[msg.index("Unsupported global") : msg.index(" Please use")])  # (2)!

    print("not allowed by default:", sorted(torch.serialization.get_unsafe_globals_in_checkpoint(path)))
    with torch.serialization.safe_globals([MLP, nn.Linear]):  # (3)!
        net2 = torch.load(path)
    net3 = torch.load(path, weights_only=False)  # (4)!
print("safe_globals:      ", type(net2).__name__, "same outputs:", torch.equal(net2(X), net(X)))
print("weights_only=False:", type(net3).__name__, "same outputs:", torch.equal(net3(X), net(X)))
