import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(2, 2)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
new = torch.eye(2)

try:
    layer.weight = new  # (1)!
except TypeError as e:
    print(f"TypeError: {e}")

layer.weight = nn.Parameter(new.clone())  # (2)!
print("new Parameter:", opt.param_groups[0]["params"][0] is layer.weight)
layer(torch.ones(1, 2)).sum().backward()
opt.step()
print(layer.weight)

layer = nn.Linear(2, 2)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
with torch.no_grad():
    layer.weight.copy_(new)  # (3)!
print("copy_:        ", opt.param_groups[0]["params"][0] is layer.weight)
layer(torch.ones(1, 2)).sum().backward()
opt.step()
print(layer.weight)
