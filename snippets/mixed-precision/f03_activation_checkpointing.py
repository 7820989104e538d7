import warnings

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)
blocks = nn.Sequential(*[nn.Sequential(nn.Linear(256, 256), nn.GELU(), nn.Dropout(0.1)) for _ in range(4)])
head = nn.Linear(256, 1)
X = torch.randn(64, 256)
params = {p.untyped_storage().data_ptr() for p in [*blocks.parameters(), *head.parameters()]}
calls = []
blocks[0][0].register_forward_hook(lambda *args: calls.append(1))


def plain(x):
    return head(blocks(x))


def per_block(x):
    for block in blocks:
        x = checkpoint(block, x, use_reentrant=False)  # (1)!
    return head(x)


def two_segments(x):
    return head(checkpoint_sequential(blocks, 2, x, use_reentrant=False))  # (2)!


def run(forward, seed=1):
    saved = []

    def pack(t):  # (3)!
        if t.untyped_storage().data_ptr() not in params:
            saved.append(t.numel() * t.element_size())
        return t

    blocks.zero_grad()
    head.zero_grad()
    calls.clear()
    torch.manual_seed(seed)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = forward(X).square().mean()
    loss.backward()
    grads = [p.grad.clone() for p in blocks.parameters()]
    print(f"{forward.__name__:<13} saved {len(saved):>2} tensors, {sum(saved) / 1024:>5.0f} KiB; blocks[0] ran {len(calls)}x")
    return loss, grads


loss, grads = run(plain)
for forward in (per_block, two_segments):
    loss_ck, grads_ck = run(forward)
    print("  same loss and gradients:", torch.equal(loss, loss_ck) and all(map(torch.equal, grads, grads_ck)))  # (4)!

blocks.zero_grad()
torch.manual_seed(1)
out = checkpoint(blocks, X, use_reentrant=False, preserve_rng_state=False)  # (5)!
head(out).square().mean().backward()
print("preserve_rng_state=False, same gradients:", all(torch.equal(p.grad, g) for p, g in zip(blocks.parameters(), grads)))

blocks.zero_grad()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = checkpoint(blocks, X)  # (6)!
    head(out).square().mean().backward()
for w in caught:
    print(f"{w.category.__name__}: {str(w.message).split('. ')[0]}.")
print("blocks' gradients:", {p.grad for p in blocks.parameters()}, "| head's:", head.weight.grad is not None)
