import warnings

import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import orthogonal, weight_norm


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).mT  # (1)!


layer = nn.Linear(3, 3)
print([name for name, _ in layer.named_parameters()])
parametrize.register_parametrization(layer, "weight", Symmetric())
print([name for name, _ in layer.named_parameters()])  # (2)!
original = layer.parametrizations.weight.original
with torch.no_grad():
    original[0, 2], original[2, 0] = 5.0, 7.0
print(layer.weight[0, 2].item(), layer.weight[2, 0].item())  # (3)!

rotation = orthogonal(nn.Linear(4, 4))
optimizer = torch.optim.SGD(rotation.parameters(), lr=0.1)
rotation(torch.rand(8, 4)).pow(2).sum().backward()
optimizer.step()
W = rotation.weight
print("orthogonal after a step:", torch.allclose(W.T @ W, torch.eye(4), atol=1e-5))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = torch.nn.utils.weight_norm(nn.Linear(3, 4))  # (4)!
print(f"{caught[0].category.__name__}: {caught[0].message}")
new = weight_norm(nn.Linear(3, 4))
print(list(old.state_dict()), list(new.state_dict()))
print(new.load_state_dict(old.state_dict()), torch.equal(new.weight, old.weight))  # (5)!
