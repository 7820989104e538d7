import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
net = nn.Sequential(nn.Linear(3, 1))
net.to(device)  # (1)!
print("model on", next(net.parameters()).device)  # (2)!
X = torch.ones(2, 3, device=device)
print("output on", net(X).device)

x = torch.ones(2)
x.to(torch.float64)  # (3)!
print("x.to(float64) alone -> x is still", x.dtype)
net.to(torch.float64)
print("net.to(float64) alone -> weight is", net[0].weight.dtype)
