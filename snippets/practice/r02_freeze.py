import torch
from torch import nn

torch.manual_seed(0)
X, y = torch.randn(16, 4), torch.randn(16, 1)
net = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)


def step(set_to_none=True):
    loss = nn.functional.mse_loss(net(X), y)
    opt.zero_grad(set_to_none=set_to_none)
    loss.backward()
    opt.step()


step()
net[0].requires_grad_(False)  # (1)!
print("just frozen:        ", net[0].weight[0, :3])
for _ in range(2):
    step(set_to_none=False)
    print("frozen, .grad left:", net[0].weight[0, :3], net[0].weight.grad.abs().sum())
net[0].zero_grad()  # (2)!
for _ in range(2):
    step(set_to_none=False)
    print("frozen, .grad None:", net[0].weight[0, :3], net[0].weight.grad)

bn = net[1]
bn.requires_grad_(False)
before = bn.running_mean.clone()
net(X)
print("frozen BN in train():", torch.equal(bn.running_mean, before))  # (3)!
net.train()
bn.eval()  # (4)!
before = bn.running_mean.clone()
net(X)
print("frozen BN in eval(): ", torch.equal(bn.running_mean, before))

opt = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=0.1)
net[0].requires_grad_(True)  # (5)!
before = net[0].weight.clone()
step()
print("unfrozen, not in opt:", net[0].weight.grad is not None, torch.equal(net[0].weight, before))
opt.add_param_group({"params": net[0].parameters(), "lr": 0.01})
step()
print("after add_param_group:", torch.equal(net[0].weight, before))
