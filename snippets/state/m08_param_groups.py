import torch
from torch import nn

model = nn.Sequential()
model.backbone = nn.Sequential(nn.Linear(16, 32), nn.LayerNorm(32), nn.ReLU())
model.head = nn.Linear(32, 3)
groups = {}
for name, p in model.named_parameters():
    lr = 1e-3 if name.startswith("head.") else 1e-4
    weight_decay = 0.05 if p.ndim >= 2 else 0.0  # (1)!
    groups.setdefault((lr, weight_decay), []).append((name, p))
optimizer = torch.optim.AdamW(
    [{"params": params, "lr": lr, "weight_decay": wd} for (lr, wd), params in groups.items()]  # (2)!
)

for group in optimizer.param_groups:
    print(group["lr"], group["weight_decay"], group["param_names"])
grouped = sum(len(group["params"]) for group in optimizer.param_groups)
print(grouped, "in groups,", len(list(model.parameters())), "in model")  # (3)!
