import copy

import torch
from torch import nn

torch.manual_seed(0)
base = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
X = torch.ones(8, 4)


def plain(net):
    return net(X)


def requires_grad_off(net):
    net.requires_grad_(False)  # (1)!
    return net(X)


def no_grad(net):
    with torch.no_grad():
        return net(X)


def inference_mode(net):
    with torch.inference_mode():  # (2)!
        return net(X)


def detach(net):
    return net(X).detach()


def data(net):
    return net(X).data


def eval_mode(net):
    net.eval()  # (3)!
    return net(X)


print(f"{'':<18}{'graph':<7}{'Dropout':<9}{'inference':<11}{'into a trained layer'}")
for switch in (plain, requires_grad_off, no_grad, inference_mode, detach, data, eval_mode):
    net = copy.deepcopy(base)
    Y = switch(net)
    dropped = bool((Y == 0).any())
    head = nn.Linear(4, 1)
    try:
        head(Y).sum().backward()  # (4)!
        later = "yes"
    except RuntimeError as e:
        later = str(e).split(".")[0]
    print(f"{switch.__name__:<18}{Y.requires_grad!s:<7}{dropped!s:<9}{Y.is_inference()!s:<11}{later}")

for take in ("detach()", ".data"):
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = w.sigmoid()  # (5)!
    alias = out.detach() if take == "detach()" else out.data
    alias.zero_()
    try:
        out.sum().backward()
        print(f"{take:<9} then zero_(): no error, w.grad = {w.grad}")
    except RuntimeError as e:
        print(f"{take:<9} then zero_(): RuntimeError: {str(e).split(':')[0]}")
