import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
state = net.state_dict()
print(state["2.bias"])  # (1)!
print(net.get_parameter("2.bias"))  # (2)!
print(dict(net.named_parameters())["2.bias"] is net[2].bias)
state["2.bias"].fill_(0.5)  # (3)!
print(net[2].bias)
