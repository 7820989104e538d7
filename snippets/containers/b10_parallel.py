import torch
from torch import nn


class Parallel(nn.Module):
    def __init__(self, net1, net2):
        super().__init__()
        self.net1 = net1
        self.net2 = net2

    def forward(self, X):
        return torch.cat((self.net1(X), self.net2(X)), dim=1)


torch.manual_seed(0)
net = Parallel(nn.Linear(20, 3), nn.Sequential(nn.Linear(20, 5), nn.ReLU()))
X = torch.rand(2, 20)
print(net(X).shape)
print([name for name, _ in net.named_parameters()])
