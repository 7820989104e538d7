import torch
from torch import nn


def init_normal(m):
    if isinstance(m, nn.Linear):  # (1)!
        nn.init.normal_(m.weight, mean=0, std=0.01)
        if m.bias is not None:  # (2)!
            nn.init.zeros_(m.bias)


torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
net.apply(init_normal)  # (3)!
print(net[0].weight[0], net[0].bias[0])

attn = nn.MultiheadAttention(embed_dim=8, num_heads=2)
print(type(attn.out_proj).__name__)
print("isinstance:", isinstance(attn.out_proj, nn.Linear), " type ==:", type(attn.out_proj) == nn.Linear)
