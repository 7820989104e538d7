import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
X = torch.rand(3, 4)

activations = {}
calls = 0


def save_activation(module, args, output):  # (1)!
    global calls
    calls += 1
    activations["relu"] = output.detach()


handle = net[1].register_forward_hook(save_activation)
net(X)
print(activations["relu"].shape)
net(X)
print("calls while registered:", calls)
handle.remove()  # (2)!
net(X)
print("calls after remove():  ", calls)


def clamp_input(module, args):  # (3)!
    print("pre-hook sees", tuple(args[0].shape))
    return (args[0].clamp(0, 0.5),)


with net[0].register_forward_pre_hook(clamp_input):  # (4)!
    clamped = net(X)
print(torch.equal(clamped, net(X.clamp(0, 0.5))))

mask = torch.ones(8, 4)
mask[0] = 0
grad_handle = net[0].weight.register_hook(lambda grad: grad * mask)  # (5)!
net(X).sum().backward()
print(net[0].weight.grad[:2])
grad_handle.remove()
