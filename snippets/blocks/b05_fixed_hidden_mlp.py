import torch
from torch import nn
from torch.nn import functional as F


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("rand_weight", torch.rand(20, 20))  # (1)!
        self.linear = nn.Linear(20, 20)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(X @ self.rand_weight + 1)
        X = self.linear(X)  # (2)!
        while X.abs().sum() > 1:  # (3)!
            X /= 2
        return X.sum()


torch.manual_seed(0)
net = FixedHiddenMLP()
X = torch.rand(2, 20)
print(net(X))
print("parameters:", [name for name, _ in net.named_parameters()])
print("buffers:", [name for name, _ in net.named_buffers()])
