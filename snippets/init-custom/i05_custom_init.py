import torch
from torch import nn


def my_init(m):
    if isinstance(m, nn.Linear):
        print("init", m)
        nn.init.uniform_(m.weight, -10, 10)
        with torch.no_grad():  # (1)!
            m.weight[m.weight.abs() < 5] = 0


torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
net.apply(my_init)
print(net[0].weight[:2])
