import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
X, y = torch.rand(16, 4), torch.rand(16, 1)


def make(seed):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    return net, torch.optim.Adam(net.parameters(), lr=0.01)


def train(net, opt, epochs):
    losses = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(X), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


net, opt = make(seed=0)
train(net, opt, 3)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "checkpoint.pt")
    torch.save({"epoch": 3, "model": net.state_dict(), "optimizer": opt.state_dict()}, path)  # (1)!
    checkpoint = torch.load(path)  # (2)!

net2, opt2 = make(seed=1)
net2.load_state_dict(checkpoint["model"])
opt2.load_state_dict(checkpoint["optimizer"])
net2.train()  # (3)!
torch.testing.assert_close(opt2.state_dict(), opt.state_dict(), rtol=0, atol=0)  # (4)!
print("resumed after epoch", checkpoint["epoch"], "with the saved optimizer state")

net3, opt3 = make(seed=1)
net3.load_state_dict(checkpoint["model"])  # (5)!
runs = {"uninterrupted": train(net, opt, 3), "resumed": train(net2, opt2, 3), "model only": train(net3, opt3, 3)}
for name, losses in runs.items():
    print(f"{name:13}", " ".join(f"{loss:.4f}" for loss in losses))
print("resumed == uninterrupted:", runs["resumed"] == runs["uninterrupted"])
