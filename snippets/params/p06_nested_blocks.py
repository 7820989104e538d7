import torch
from torch import nn


def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())


def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f"block {i}", block1())  # (1)!
    return net


torch.manual_seed(0)
rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
X = torch.rand(2, 4)
print(rgnet(X))
print(rgnet)
keys = list(rgnet.state_dict())
print(len(keys), "keys:", keys[:4], "...", keys[-2:])  # (2)!
