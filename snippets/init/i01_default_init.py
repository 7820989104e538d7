import math

import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(64, 32)  # (1)!
bound = 1 / math.sqrt(64)
gain = nn.init.calculate_gain("leaky_relu", math.sqrt(5))  # (2)!
print("1/sqrt(fan_in):", bound, "  kaiming_uniform_ bound, a=sqrt(5):", gain * math.sqrt(3 / 64))
print("kaiming_uniform_ bound if a were 0:", nn.init.calculate_gain("leaky_relu", 0) * math.sqrt(3 / 64))
print("largest |weight|, |bias|:", layer.weight.abs().max().item(), layer.bias.abs().max().item())

torch.manual_seed(0)
weight = torch.empty(32, 64).uniform_(-bound, bound)  # (3)!
bias = torch.empty(32).uniform_(-bound, bound)
print("same draws:", torch.equal(layer.weight, weight), torch.equal(layer.bias, bias))
