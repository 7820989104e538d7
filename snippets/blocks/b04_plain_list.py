import torch
from torch import nn


class PlainListMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10)]

    def forward(self, X):
        for layer in self.layers:
            X = layer(X)
        return X


class ModuleListMLP(PlainListMLP):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(self.layers)  # (1)!


for net in (PlainListMLP(), ModuleListMLP()):
    net.to(torch.float64)
    print(type(net).__name__)
    print("  parameters:", len(list(net.parameters())))
    print("  state_dict:", list(net.state_dict()))
    print("  dtype after .to(float64):", net.layers[0].weight.dtype)
    try:
        torch.optim.SGD(net.parameters(), lr=0.1)
        print("  optimizer: ok")
    except ValueError as e:
        print("  optimizer: ValueError:", e)
