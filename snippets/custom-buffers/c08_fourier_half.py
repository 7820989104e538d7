import math

import torch
from torch import nn


class FourierHalf(nn.Module):
    def __init__(self, n):
        super().__init__()
        t, k = torch.arange(n), torch.arange(n // 2)
        self.register_buffer("dft", torch.exp(-2j * math.pi * torch.outer(t, k) / n))  # (1)!

    def forward(self, X):
        return X.to(self.dft.dtype) @ self.dft


layer = FourierHalf(8)
t = torch.arange(8.0)
signal = 1 + torch.cos(2 * math.pi * t / 8) + 0.5 * torch.sin(2 * math.pi * 3 * t / 8)  # (2)!
Y = layer(signal)
print(torch.complex(Y.real.round(decimals=4) + 0.0, Y.imag.round(decimals=4) + 0.0))  # (3)!
print("equals torch.fft.fft(...)[:4]:", torch.allclose(Y, torch.fft.fft(signal)[:4], atol=1e-5))

torch.manual_seed(0)
batch = torch.rand(5, 8)
print("batch", tuple(batch.shape), "->", tuple(layer(batch).shape), layer(batch).dtype)
