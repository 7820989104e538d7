import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(2, 4)
print(net(X))
print(net[2].state_dict())  # (1)!
print(net[1].state_dict())  # (2)!
