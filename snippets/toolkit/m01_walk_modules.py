from torch import nn

net = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.Sequential(nn.Linear(8, 8), nn.ReLU()),
    nn.Linear(8, 1),
)

print("children():", [type(m).__name__ for m in net.children()])  # (1)!
print("modules(): ", [type(m).__name__ for m in net.modules()])
print("named_modules():", [name for name, _ in net.named_modules()])  # (2)!

print("buffers:", [name for name, _ in net.named_buffers()])  # (3)!

print(net.get_submodule("2"))  # (4)!
print(net.get_parameter("2.0.bias").shape)

linears = [name for name, m in net.named_modules() if isinstance(m, nn.Linear)]
print("Linear layers:", linears)
