import torch
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2, device="cpu")  # (1)!
        self.register_buffer("scale", torch.ones(2, device="cpu"))
        self.loss = nn.CrossEntropyLoss(weight=torch.ones(2, device="cpu"))  # (2)!
        self.offset = torch.zeros(2, device="cpu")
        self.heads = [nn.Linear(2, 2, device="cpu")]

    def forward(self, X):
        return self.linear(X) * self.scale + self.offset


target = torch.device("cuda" if torch.cuda.is_available() else "meta")  # (3)!
net = Model().to(target)
print("linear.weight   (parameter):    ", net.linear.weight.device)
print("scale           (buffer):       ", net.scale.device)
print("loss.weight     (loss's buffer):", net.loss.weight.device)
print("offset          (plain tensor): ", net.offset.device)
print("heads[0].weight (plain list):   ", net.heads[0].weight.device)
try:
    net(torch.ones(1, 3, device=target))
except RuntimeError as e:
    print(f"forward -> RuntimeError: {e}")
