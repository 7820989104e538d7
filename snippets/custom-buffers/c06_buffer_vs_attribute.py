import torch
from torch import nn


class Standardize(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.5, 0.5]))
        self.register_buffer("scratch", torch.zeros(2), persistent=False)  # (1)!
        self.register_buffer("calls", torch.tensor(0))
        self.std = torch.tensor([0.2, 0.2])  # (2)!

    def forward(self, X):
        self.calls += 1
        return (X - self.mean) / self.std


net = Standardize().to(torch.float64)  # (3)!
for name in ("mean", "scratch", "calls", "std"):
    print(f"{name:8} {getattr(net, name).dtype}")
print("state_dict:", list(net.state_dict()))
print("buffers:   ", [name for name, _ in net.named_buffers()])

net = Standardize().to("meta")  # (4)!
print("after .to('meta'):", {name: getattr(net, name).device.type for name in ("mean", "std")})
