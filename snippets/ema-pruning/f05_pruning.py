import torch
import torch.nn.utils.prune as prune
from torch import nn

torch.manual_seed(0)
X, y = torch.randn(64, 8), torch.randn(64, 4)
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 4))
opt = torch.optim.SGD(model.parameters(), lr=0.1)


def sparsity(t):
    return f"{(t == 0).float().mean().item():.0%}"


def nbytes(state):
    return sum(t.numel() * t.element_size() for t in state.values())


def train(steps=5):
    for _ in range(steps):
        loss = nn.functional.mse_loss(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


dense_bytes = nbytes(model.state_dict())
prune.l1_unstructured(model[0], name="weight", amount=0.5)  # (1)!
layer = model[0]
print("state_dict:", list(model.state_dict()))
print("parameters:", [n for n, _ in layer.named_parameters()], "buffers:", [n for n, _ in layer.named_buffers()])
print("weight is a Parameter:", isinstance(layer.weight, nn.Parameter), "| pre-hooks:", len(layer._forward_pre_hooks))
print("optimizer trains weight_orig:", opt.param_groups[0]["params"][0] is layer.weight_orig)  # (2)!

train()
print("after training: weight", sparsity(layer.weight), "zeros, weight_orig", sparsity(layer.weight_orig))  # (3)!
print("bytes: dense", dense_bytes, "| pruned", nbytes(model.state_dict()))  # (4)!

prune.remove(layer, "weight")  # (5)!
print("removed:", list(model.state_dict()), sparsity(layer.weight))
train()
print("trained on after remove:", sparsity(layer.weight), "zeros")  # (6)!

prune.global_unstructured(  # (7)!
    [(model[0], "weight"), (model[2], "weight")], pruning_method=prune.L1Unstructured, amount=0.6
)
print("global 60%:", sparsity(model[0].weight), "and", sparsity(model[2].weight))
zeros = sum((m.weight == 0).sum().item() for m in (model[0], model[2]))
print("overall:", f"{zeros / (model[0].weight.numel() + model[2].weight.numel()):.0%}")
