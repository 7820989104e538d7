import torch
from torch import nn


def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())


def block2():
    net = nn.Sequential()
    for i in range(4):
        net.add_module(f"block {i}", block1())
    return net


torch.manual_seed(0)
rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
print(rgnet[0][1][0].bias)  # (1)!

by_key = rgnet.state_dict()["0.block 2.2.weight"]
by_index = rgnet[0][2][2].weight  # (2)!
print(by_key.shape, torch.equal(by_key, by_index))
print(rgnet[0][2] is rgnet.get_submodule("0.block 2"))
print(torch.equal(by_key, rgnet[0][1][2].weight))  # (3)!

print(rgnet[1].weight)
print(rgnet.state_dict()["1.weight"])
