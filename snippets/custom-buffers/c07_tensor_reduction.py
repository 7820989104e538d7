import torch
from torch import nn


class TensorReduction(nn.Module):
    def __init__(self, in_units, out_units):
        super().__init__()
        self.weight = nn.Parameter(0.1 * torch.randn(in_units, in_units, out_units))

    def forward(self, X):
        return torch.einsum("bi,bj,ijk->bk", X, X, self.weight)  # (1)!


torch.manual_seed(0)
layer = TensorReduction(4, 3)
X = torch.rand(2, 4)
Y = layer(X)
print("weight", tuple(layer.weight.shape), "-> output", tuple(Y.shape))

W, x = layer.weight, X[0]
by_hand = torch.stack([sum(W[i, j, k] * x[i] * x[j] for i in range(4) for j in range(4)) for k in range(3)])
print(Y[0])
print(by_hand)

bilinear = nn.Bilinear(4, 4, 3, bias=False)  # (2)!
with torch.no_grad():
    bilinear.weight.copy_(W.permute(2, 0, 1))
print("same as nn.Bilinear(x, x):", torch.allclose(bilinear(X, X), Y))
