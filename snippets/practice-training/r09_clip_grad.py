import copy

import torch
from torch import nn

torch.manual_seed(0)
X, y = 10 * torch.randn(8, 4), torch.randn(8, 1)
start = nn.Linear(4, 1)


def fresh():
    net = copy.deepcopy(start)
    return net, torch.optim.SGD(net.parameters(), lr=0.1)


def norm(tensors):
    return torch.linalg.vector_norm(torch.cat([t.detach().flatten() for t in tensors]))


def clip(net):
    return nn.utils.clip_grad_norm_(net.parameters(), max_norm=1.0)


net, opt = fresh()
print("before backward():", clip(net))  # (1)!
nn.functional.mse_loss(net(X), y).backward()
opt.step()
clip(net)
print("after step():      |Δθ| =", norm(p - q for p, q in zip(net.parameters(), start.parameters())))  # (2)!

net, opt = fresh()
nn.functional.mse_loss(net(X), y).backward()
print("gradient norm:", norm(p.grad for p in net.parameters()))
total = clip(net)  # (3)!
print("returned:", total, "after clipping:", norm(p.grad for p in net.parameters()))
opt.step()
print("in between:        |Δθ| =", norm(p - q for p, q in zip(net.parameters(), start.parameters())))

net.weight.grad[0, 0] = float("inf")  # (4)!
try:
    nn.utils.clip_grad_norm_(net.parameters(), max_norm=1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print(f"RuntimeError: {str(e).split('. ')[0]}.")
print(clip(net), net.weight.grad)

net, opt = fresh()
scaler = torch.amp.GradScaler(torch.get_default_device().type)  # (5)!
scaler.scale(nn.functional.mse_loss(net(X), y)).backward()
print("scaled:  ", norm(p.grad for p in net.parameters()))
scaler.unscale_(opt)
print("unscaled:", clip(net))
scaler.step(opt)
scaler.update()
