import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
print("total:", sum(p.numel() for p in net.parameters()))  # (1)!
print({name: p.numel() for name, p in net.named_parameters()})

net[0].requires_grad_(False)  # (2)!
trainable = [p for p in net.parameters() if p.requires_grad]
print("trainable:", sum(p.numel() for p in trainable))
print("frozen:", sum(p.numel() for p in net.parameters() if not p.requires_grad))

optimizer = torch.optim.SGD(trainable, lr=0.1)  # (3)!
net(torch.rand(2, 20)).sum().backward()
optimizer.step()
print("has grad:", {name: p.grad is not None for name, p in net.named_parameters()})
