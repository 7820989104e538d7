import copy

import torch
from torch import nn

torch.manual_seed(0)
shared = nn.Linear(8, 8)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
twin = copy.deepcopy(shared)  # (1)!
print("equal values:", torch.equal(twin.weight, shared.weight), " same object:", twin.weight is shared.weight)

with torch.no_grad():
    net[2].weight[0, 0] = 100
print("net[4].weight[0, 0]:", net[4].weight[0, 0].item())
print(net[2].weight[0] == net[4].weight[0])
print("twin.weight[0, 0]:  ", round(twin.weight[0, 0].item(), 4))
