import torch
from torch import nn

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)


def missed(model, init):  # (1)!
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(float("nan"))
    init(model)
    return [name for name, p in model.named_parameters() if p.isnan().any()]


def linear_only(model):
    for module in model.modules():
        if isinstance(module, nn.Linear):  # (2)!
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def reset_all(model):
    for module in model.modules():
        if hasattr(module, "reset_parameters"):  # (3)!
            module.reset_parameters()


def every_parameter(model):  # (4)!
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if isinstance(module, nn.LayerNorm) and name == "weight":
                nn.init.ones_(p)
            elif p.ndim >= 2:
                nn.init.xavier_uniform_(p)
            else:
                nn.init.zeros_(p)


print("isinstance Linear:", missed(layer, linear_only))
print("reset_parameters: ", missed(layer, reset_all))
print("every parameter:  ", missed(layer, every_parameter))
print(type(layer.self_attn.out_proj).__name__, isinstance(layer.self_attn.out_proj, nn.Linear))
print(hasattr(nn.MultiheadAttention, "reset_parameters"), hasattr(nn.MultiheadAttention, "_reset_parameters"))
