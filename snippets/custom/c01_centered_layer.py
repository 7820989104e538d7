import torch
from torch import nn


class CenteredLayer(nn.Module):  # (1)!
    def forward(self, X):
        return X - X.mean()


layer = CenteredLayer()
print(layer(torch.tensor([1.0, 2, 3, 4, 5])))
print("parameters:", list(layer.parameters()))
