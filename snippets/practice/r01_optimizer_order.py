import copy

import torch
from torch import nn

torch.manual_seed(0)
X, y = torch.randn(64, 4), torch.randn(64, 1)


def mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))


def train(net, opt, steps=3):
    losses = []
    for _ in range(steps):
        loss = nn.functional.mse_loss(net(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(round(loss.item(), 4))
    return losses


pretrained = mlp()
pre_opt = torch.optim.Adam(pretrained.parameters(), lr=0.01)
train(pretrained, pre_opt)
checkpoint = copy.deepcopy({"model": pretrained.state_dict(), "optimizer": pre_opt.state_dict()})

with torch.device("meta"):
    net = mlp()
opt = torch.optim.Adam(net.parameters(), lr=0.01)  # (1)!
net.to_empty(device=torch.get_default_device())
net.load_state_dict(checkpoint["model"])
print("to_empty:   ", opt.param_groups[0]["params"][0] is net[0].weight, train(net, opt))

net = mlp()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
net.load_state_dict(checkpoint["model"], assign=True)  # (2)!
print("assign=True:", opt.param_groups[0]["params"][0] is net[0].weight, train(net, opt))

with torch.device("meta"):
    net = mlp()
net.load_state_dict(checkpoint["model"], assign=True)  # (3)!
opt = torch.optim.Adam(net.parameters(), lr=0.01)
opt.load_state_dict(checkpoint["optimizer"])
print("in order:   ", opt.param_groups[0]["params"][0] is net[0].weight, train(net, opt))

shuffled = torch.optim.Adam(list(net.parameters())[::-1], lr=0.01)
shuffled.load_state_dict(checkpoint["optimizer"])  # (4)!
print(net[0].weight.shape, shuffled.state[net[0].weight]["exp_avg"].shape)
try:
    train(net, shuffled, steps=1)
except RuntimeError as e:
    print(f"RuntimeError: {e}")
