import torch
from torch import nn


def block():
    return nn.Sequential(nn.Linear(16, 16), nn.ReLU())


def stack(make_block, n):
    return nn.Sequential(*(make_block() for _ in range(n)))  # (1)!


def count(net):
    return sum(p.numel() for p in net.parameters())


torch.manual_seed(0)
net = stack(block, 3)
print(net)
print("parameters:", count(net))

one = block()
same_thrice = nn.Sequential(*[one] * 3)  # (2)!
print("[one] * 3 parameters:", count(same_thrice))
print(same_thrice[0] is same_thrice[2])
