import torch
from torch import nn


def init_constant(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 1)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
net.apply(init_constant)
X, y = torch.rand(16, 4), torch.rand(16, 1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
for step in range(100):
    optimizer.zero_grad()
    nn.functional.mse_loss(net(X), y).backward()
    if step == 0:
        print(net[0].weight.grad)  # (1)!
    optimizer.step()
print("distinct rows after training:", len(torch.unique(net[0].weight.detach(), dim=0)))  # (2)!
