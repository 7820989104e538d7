import torch
from torch import nn
from torch.func import functional_call, stack_module_state, vmap


def mlp():
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


model = mlp()
X = torch.rand(5, 3)

before = {name: p.clone() for name, p in model.named_parameters()}
zeros = {name: torch.zeros_like(p) for name, p in model.named_parameters()}
print(functional_call(model, zeros, (X,))[:2])  # (1)!
print(all(torch.equal(p, before[name]) for name, p in model.named_parameters()))

models = [mlp() for _ in range(4)]
params, buffers = stack_module_state(models)  # (2)!
print(params["0.weight"].shape)
base = mlp().to("meta")  # (3)!


def run_one(params, buffers, x):
    return functional_call(base, (params, buffers), (x,))


together = vmap(run_one, in_dims=(0, 0, None))(params, buffers, X)  # (4)!
one_by_one = torch.stack([m(X) for m in models])
print(together.shape, torch.allclose(together, one_by_one))
