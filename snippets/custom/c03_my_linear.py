import torch
import torch.nn.functional as F
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))  # (1)!
        self.bias = nn.Parameter(torch.randn(units))

    def forward(self, X):
        return F.relu(X @ self.weight + self.bias)


class DataLinear(MyLinear):
    def forward(self, X):
        return F.relu(X @ self.weight.data + self.bias.data)  # (2)!


torch.manual_seed(0)
layer = MyLinear(5, 3)
print(layer.weight)
X = torch.rand(2, 5)
print(layer(X))

net = nn.Sequential(MyLinear(5, 3), DataLinear(3, 1))
net(X).sum().backward()
print("MyLinear   weight.grad:", net[0].weight.grad.shape)
print("DataLinear weight.grad:", net[1].weight.grad)

try:
    nn.Sequential(DataLinear(5, 3), DataLinear(3, 1))(X).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
