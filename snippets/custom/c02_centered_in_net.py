import torch
from torch import nn


class CenteredLayer(nn.Module):
    def forward(self, X):
        return X - X.mean()


torch.manual_seed(0)
net = nn.Sequential(nn.Linear(8, 128), CenteredLayer())
Y = net(torch.rand(4, 8))
print("output:", tuple(Y.shape))
print("|mean| < 1e-6:", Y.mean().abs().item() < 1e-6)
print("row means:", Y.mean(dim=1))  # (1)!
