import torch
from torch import nn


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.acts = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh()})
        self.acts["sigmoid"] = nn.Sigmoid()  # (1)!

    def forward(self, X, act="relu"):
        return self.acts[act](X)


head = Head()
X = torch.tensor([[-1.0, 0.0, 2.0]])
print(list(head.acts.keys()))
for name in head.acts:
    print(name, head(X, act=name))
