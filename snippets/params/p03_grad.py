import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(2, 4)
print("before backward:", net[2].weight.grad)
net(X).sum().backward()
print("after backward: ", net[2].weight.grad)
net(X).sum().backward()  # (1)!
print("after another:  ", net[2].weight.grad)
net.zero_grad()  # (2)!
print("after zero_grad:", net[2].weight.grad)
