import torch
from torch import nn

layers = nn.ModuleList([nn.Linear(10, 10) for _ in range(2)])
layers.append(nn.ReLU())
layers.insert(0, nn.Linear(20, 10))
print(layers)
print(len(layers), layers[-1])

X = torch.rand(2, 20)
for layer in layers:  # (1)!
    X = layer(X)
print(X.shape)

try:
    layers(X)
except NotImplementedError as e:
    print("NotImplementedError:", e)
