import torch
from torch import nn

torch.manual_seed(0)
shared = nn.Linear(8, 8)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(2, 4)
print(net(X))
print(net[2].weight[0] == net[4].weight[0])
print(net[2] is net[4], net[2].weight is net[4].weight)  # (1)!
