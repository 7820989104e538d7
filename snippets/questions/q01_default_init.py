import torch
from torch import nn

torch.manual_seed(0)
layers = {
    "Linear(64, 32)": nn.Linear(64, 32),  # (1)!
    "Conv2d(16, 8, 3)": nn.Conv2d(16, 8, 3),
    "LSTM(10, 25)": nn.LSTM(10, 25),  # (2)!
    "Embedding(1000, 8)": nn.Embedding(1000, 8),  # (3)!
    "LayerNorm(8)": nn.LayerNorm(8),
}
for label, layer in layers.items():
    for name, p in layer.named_parameters():
        print(f"{label:18} {name:12} min {p.min().item():+.4f}  max {p.max().item():+.4f}")
