import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.ReLU(), nn.Linear(8, 1))
for name, param in net.named_parameters():
    if name.endswith("weight") and param.dim() > 1:  # (1)!
        nn.init.normal_(param, mean=0, std=0.01)
    elif name.endswith("bias"):
        nn.init.zeros_(param)
    else:
        print("kept:", name, tuple(param.shape))
print(net[3].weight)
print(net[1].weight)
