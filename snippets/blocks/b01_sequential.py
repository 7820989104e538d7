import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
X = torch.rand(2, 20)

Y = net(X)  # (1)!
print(net)
print(Y.shape)
print(torch.equal(Y, net.__call__(X)))
