import torch
from torch import nn


def summary(model, *inputs):
    rows, handles = [], []
    for name, module in model.named_modules():
        if next(module.children(), None) is None:  # (1)!
            record = lambda m, args, out, name=name: rows.append((name, type(m).__name__, tuple(out.shape)))
            handles.append(module.register_forward_hook(record))
    try:
        with torch.no_grad():
            model(*inputs)  # (2)!
    finally:
        for handle in handles:
            handle.remove()
    seen = set()
    print(f"{'layer':<10}{'type':<11}{'output':<14}{'params':>7}{'trainable':>10}")
    for name, kind, shape in rows:
        own = [p for p in model.get_submodule(name).parameters(recurse=False) if id(p) not in seen]  # (3)!
        seen.update(id(p) for p in own)
        count = sum(p.numel() for p in own)
        trainable = sum(p.numel() for p in own if p.requires_grad)
        print(f"{name:<10}{kind:<11}{str(shape):<14}{count:>7,}{trainable:>10,}")
    params = list(model.parameters())  # (4)!
    total = sum(p.numel() for p in params)
    trainable = sum(p.numel() for p in params if p.requires_grad)
    size = sum(t.numel() * t.element_size() for t in params + list(model.buffers()))
    print(f"total {total:,} = trainable {trainable:,} + frozen {total - trainable:,}; {size / 2**20:.3f} MiB")


torch.manual_seed(0)
model = nn.Sequential(
    nn.Embedding(1000, 32),
    nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 32), nn.LayerNorm(32),
    nn.Linear(32, 1000),
)
model[5].weight = model[0].weight  # (5)!
model[1].requires_grad_(False)
tokens = torch.randint(0, 1000, (2, 5))

summary(model, tokens)
print("hooks left:", sum(len(m._forward_hooks) for m in model.modules()))
per_layer = sum(p.numel() for m in model.modules() for p in m.parameters(recurse=False))
print("sum over layers:", f"{per_layer:,}", "| parameters():", f"{sum(p.numel() for p in model.parameters()):,}")  # (6)!
