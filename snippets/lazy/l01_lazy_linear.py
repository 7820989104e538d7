import torch
from torch import nn


def init_xavier(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


torch.manual_seed(0)
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))  # (1)!
print(net[0], net[0].weight)
print("lazy:", isinstance(net[0], nn.LazyLinear), " a Linear:", isinstance(net[0], nn.Linear))
try:
    net.apply(init_xavier)  # (2)!
except ValueError as e:
    print("ValueError:", str(e).split(". ")[0])

X = torch.rand(2, 20)
net(X)  # (3)!
print(net[0], net[0].weight.shape)
print("lazy:", isinstance(net[0], nn.LazyLinear), " a Linear:", isinstance(net[0], nn.Linear))  # (4)!
print("parameters:", sum(p.numel() for p in net.parameters()))

net.apply(init_xavier)  # (5)!
print(net[0].weight[0, :4], net[0].bias[:4])
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)  # (6)!
