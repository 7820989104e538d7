import torch
from torch import nn


class Chain(nn.Module):
    def __init__(self, dim, steps):
        super().__init__()
        self.weights = nn.ParameterList(torch.randn(dim, dim) for _ in range(steps))  # (1)!
        self.scales = nn.ParameterDict({"pre": torch.ones(dim), "post": torch.ones(dim)})
        self.plain = [nn.Parameter(torch.zeros(dim))]  # (2)!

    def forward(self, X):
        X = X * self.scales["pre"]
        for W in self.weights:
            X = torch.tanh(X @ W)
        return X * self.scales["post"]


torch.manual_seed(0)
net = Chain(4, 2)
net.weights.append(torch.randn(4, 4))
net.scales["post"].requires_grad_(False)
for name, p in net.named_parameters():
    print(f"{name:11} {str(tuple(p.shape)):7} requires_grad={p.requires_grad}")
print("output:", tuple(net(torch.rand(2, 4)).shape))
print("state_dict:", list(net.state_dict()))
