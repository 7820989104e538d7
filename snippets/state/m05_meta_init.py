import torch
from torch import nn

torch.manual_seed(0)
with torch.device("meta"):  # (1)!
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
on_meta = [p.is_meta for p in model.parameters()]
print("on meta:", on_meta)
Y = model(torch.rand(3, 4, device="meta"))
print(Y)  # (2)!
try:
    Y.tolist()
except NotImplementedError as e:
    print(f"{type(e).__name__}: {e}")


def initialize(model):
    for module in reversed(list(model.modules())):  # (3)!
        if hasattr(module, "reset_parameters"):
            module.reset_parameters()
        elif hasattr(module, "_reset_parameters"):  # (4)!
            module._reset_parameters()


model.to_empty(device=torch.get_default_device())  # (5)!
initialize(model)
print("on meta:", [p.is_meta for p in model.parameters()])
print("within 1/sqrt(4):", bool(model[0].weight.abs().max() <= 0.5))

with torch.device("meta"):
    block = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
initialize(block.to_empty(device=torch.get_default_device()))
print("attention has reset_parameters():", hasattr(block.self_attn, "reset_parameters"))  # (6)!

layer = torch.nn.utils.skip_init(nn.Linear, 4, 16)  # (7)!
print(layer.weight.shape, layer.weight.is_meta)
