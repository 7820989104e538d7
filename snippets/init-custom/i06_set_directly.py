import torch
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(4, 8)
try:
    layer.weight += 1  # (1)!
except RuntimeError as e:
    print("RuntimeError:", e)

with torch.no_grad():  # (2)!
    layer.weight += 1
    layer.weight[0, 0] = 42
print(layer.weight[0], layer.weight.is_leaf)

w = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
loss = (w**2).sum()  # (3)!
print("true gradient 2 * w:", (2 * w).tolist())
w.data *= 10
loss.backward()
print("w.grad after a change via .data:", w.grad)

w = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
loss = (w**2).sum()
with torch.no_grad():
    w *= 10
try:
    loss.backward()
except RuntimeError as e:
    print("the same change under no_grad: RuntimeError:", str(e).split(". Hint")[0])  # (4)!
