import torch
from torch import nn


class MySequential(nn.Module):
    def __init__(self, *modules):
        super().__init__()
        for i, module in enumerate(modules):
            self.add_module(str(i), module)  # (1)!

    def forward(self, X):
        for module in self._modules.values():  # (2)!
            X = module(X)
        return X


torch.manual_seed(0)
layers = [nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10)]
mine = MySequential(*layers)
theirs = nn.Sequential(*layers)
X = torch.rand(2, 20)

print(list(mine._modules))
print(len(list(mine.parameters())))
print(torch.equal(mine(X), theirs(X)))

shared = nn.Linear(20, 20)
twice = MySequential(shared, shared)  # (3)!
print("_modules:", len(twice._modules), "| children():", len(list(twice.children())))

