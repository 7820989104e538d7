import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16  # (1)!
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 64), nn.LayerNorm(64), nn.ReLU(), nn.Linear(64, 4)).to(device)
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
scaler = torch.amp.GradScaler(device, enabled=amp_dtype == torch.float16)  # (2)!
X, y = torch.randn(32, 16, device=device), torch.randint(0, 4, (32,), device=device)
print(f"{device}: autocast to {amp_dtype}, GradScaler enabled: {scaler.is_enabled()}")

outputs = {}
hooks = [m.register_forward_hook(lambda m, a, out, n=n: outputs.update({n: out.dtype})) for n, m in model.named_children()]
with torch.autocast(device, dtype=amp_dtype):  # (3)!
    logits = model(X)
    loss = nn.functional.cross_entropy(logits, y)
for hook in hooks:
    hook.remove()
scaler.scale(loss).backward()  # (4)!
scaler.step(opt)
scaler.update()
print("layer outputs:", {n: str(d).removeprefix("torch.") for n, d in outputs.items()}, "| loss:", loss.dtype)
print("parameters and gradients:", {(p.dtype, p.grad.dtype) for p in model.parameters()})

with torch.autocast(device, dtype=amp_dtype):  # (5)!
    ops = {
        "matmul": logits @ logits.T,
        "softmax": torch.softmax(logits, dim=-1),
        "layer_norm": nn.functional.layer_norm(logits, (4,)),
        "mse_loss": nn.functional.mse_loss(logits, torch.zeros_like(logits)),
        "+ float32": logits + torch.ones(4, device=device),
    }
print({name: str(t.dtype).removeprefix("torch.") for name, t in ops.items()})

changed = {}
for label, dtype in (("autocast", torch.float32), ("bfloat16 model", torch.bfloat16)):  # (6)!
    torch.manual_seed(0)
    net = nn.Linear(256, 256).to(device, dtype)
    before = net.weight.detach().clone()
    with torch.autocast(device, dtype=amp_dtype, enabled=label == "autocast"):
        net(torch.randn(64, 256, device=device, dtype=dtype)).float().square().mean().backward()
    torch.optim.SGD(net.parameters(), lr=1e-3).step()
    changed[label] = f"{(net.weight != before).float().mean().item():.1%}"
print("weights changed by one step at lr=1e-3:", changed)

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1)).to(device)
X = torch.randn(512, 64, device=device)
with torch.no_grad():
    y = net(X) + 1e-3 * torch.randn(512, 1, device=device)  # (7)!
for enabled in (False, True):
    net.zero_grad()
    fp16_scaler = torch.amp.GradScaler(device, enabled=enabled)
    with torch.autocast(device, dtype=torch.float16):
        loss = nn.functional.mse_loss(net(X), y)
    fp16_scaler.scale(loss).backward()
    zeros = (net[0].weight.grad == 0).float().mean().item()
    print(f"float16, GradScaler {'on ' if enabled else 'off'}: {zeros:.1%} of the first layer's gradients are 0")
