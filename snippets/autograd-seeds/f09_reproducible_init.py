import math

import torch
from torch import nn


def build(extra_first_layer=False):
    layers = [nn.Linear(4, 4)] if extra_first_layer else []
    return nn.Sequential(*layers, nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a.parameters(), b.parameters()))


torch.manual_seed(0)  # (1)!
a = build()
torch.manual_seed(0)
b = build()
print("seed, build; seed, build:   ", same(a, b))

torch.manual_seed(0)
X = torch.rand(2, 4)  # (2)!
c = build()
print("seed, draw data, build:     ", same(a, c))

torch.manual_seed(0)
d = build(extra_first_layer=True)  # (3)!
print("one more layer in front:    ", same(a, d[1:]))

torch.manual_seed(0)
expected = torch.rand(3)
torch.manual_seed(0)
g = torch.Generator(a[2].weight.device)
for net in (a, c):
    nn.init.kaiming_uniform_(net[2].weight, a=math.sqrt(5), generator=g.manual_seed(42))  # (4)!
print("last layer from its own generator:", torch.equal(a[2].weight, c[2].weight))
print("  global stream untouched:", torch.equal(torch.rand(3), expected))

torch.manual_seed(0)
with torch.random.fork_rng():  # (5)!
    torch.manual_seed(123)
    head = nn.Linear(8, 3)
print("fork_rng, global stream untouched:", torch.equal(torch.rand(3), expected))

if torch.cuda.is_available():  # (6)!
    torch.manual_seed(0)
    on_cpu = nn.Linear(4, 8, device="cpu").to("cuda")
    torch.manual_seed(0)
    on_gpu = nn.Linear(4, 8, device="cuda")
    print("built on CPU then moved == built on the GPU:", torch.equal(on_cpu.weight, on_gpu.weight))
else:
    print("no CUDA device: CPU generator only")
