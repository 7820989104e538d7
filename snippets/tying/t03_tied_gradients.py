import copy

import torch
from torch import nn

torch.manual_seed(0)
shared = nn.Linear(8, 8)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(2, 4)

untied = copy.deepcopy(net)  # (1)!
print("deepcopy keeps the tie:", untied[2] is untied[4])
untied[4] = copy.deepcopy(untied[2])  # (2)!
print("after replacing one use:", untied[2] is untied[4])

net(X).sum().backward()
untied(X).sum().backward()
first_use, second_use = untied[2].weight.grad, untied[4].weight.grad
print("tied:      ", shared.weight.grad[0])
print("first use: ", first_use[0])
print("second use:", second_use[0])
print("tied == first + second:", torch.allclose(shared.weight.grad, first_use + second_use))  # (3)!

print("parameters():", [name for name, _ in net.named_parameters()])  # (4)!
print("state_dict():", list(net.state_dict()))
state = net.state_dict()
print("one storage:", state["2.weight"].data_ptr() == state["4.weight"].data_ptr())
