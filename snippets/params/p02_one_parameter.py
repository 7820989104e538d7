import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
print(type(net[2].bias))
print(net[2].bias)
print(net[2].bias.detach())  # (1)!
print(isinstance(net[2].bias, torch.Tensor), net[2].bias.requires_grad)
print("weight shape:", net[2].weight.shape)  # (2)!
print("in, out:", net[2].in_features, net[2].out_features)
