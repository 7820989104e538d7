import torch
from torch import nn


def nbytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


for dtype in (torch.float32, torch.bfloat16):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 10)).to(dtype)  # (1)!
    opt = torch.optim.Adam(net.parameters(), lr=1e-5)
    before = [p.detach().clone() for p in net.parameters()]
    net(torch.randn(32, 256, dtype=dtype)).square().mean().backward()
    opt.step()

    params = nbytes(net.parameters())
    grads = nbytes(p.grad for p in net.parameters())
    state = nbytes(t for s in opt.state.values() for t in s.values())
    print(f"{dtype}: {sum(p.numel() for p in net.parameters()):,} numbers")
    print(f"  parameters {params:,} B + gradients {grads:,} B + Adam state {state:,} B")
    print("  state of one weight:", {k: (tuple(v.shape), v.dtype) for k, v in opt.state[net[0].weight].items()})  # (2)!
    print("  state == 2 × parameters + 4 B per tensor:", state == 2 * params + 4 * len(opt.state))
    changed = sum((p != b).sum().item() for p, b in zip(net.parameters(), before))
    print(f"  changed by one step at lr=1e-5: {changed / sum(b.numel() for b in before):.1%}")  # (3)!
