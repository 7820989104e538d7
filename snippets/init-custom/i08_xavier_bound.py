import math

import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(64, 32)
fan_out, fan_in = layer.weight.shape  # (1)!
nn.init.xavier_uniform_(layer.weight)
bound = math.sqrt(6 / (fan_in + fan_out))
print("fan_in:", fan_in, "fan_out:", fan_out, "bound:", bound)
print("largest |w|:", round(layer.weight.abs().max().item(), 4))
print("std:", round(layer.weight.std().item(), 3), "expected:", round(bound / math.sqrt(3), 3))  # (2)!
