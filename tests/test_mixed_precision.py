"""Claims of the page Mixed precision and activation checkpointing (f02, f03) that the printed
output alone does not prove."""

import warnings

import pytest
import torch
from torch import nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

# f02 ---------------------------------------------------------------------------------------


def test_f02_the_cpus_autocast_default_is_bfloat16_and_bf16_support_can_be_asked():
    # backs: mixed-precision.md "`bfloat16` on the CPU (the CPU's autocast default)"
    assert torch.get_autocast_dtype("cpu") == torch.bfloat16
    assert "``torch.bfloat16`` for CPU" in (torch.autocast.__doc__ or "") + (torch.autocast.__init__.__doc__ or "")
    # backs: mixed-precision.md "`torch.cuda.is_bf16_supported()` is true"
    assert callable(torch.cuda.is_bf16_supported)


def test_f02_a_disabled_scaler_is_a_no_op():
    # backs: mixed-precision.md "`scale(loss)` returns the loss unchanged, `step(opt)` calls `opt.step()` and `update()` does nothing"
    scaler = torch.amp.GradScaler("cpu", enabled=False)
    w = nn.Parameter(torch.ones(2))
    loss = (w * 3).sum()
    assert scaler.scale(loss) is loss
    loss.backward()
    opt = torch.optim.SGD([w], lr=0.1)
    scaler.step(opt)
    scaler.update()
    assert torch.allclose(w.detach(), torch.full((2,), 0.7)) and scaler.state_dict() == {}


def test_f02_backward_runs_each_operation_in_its_forward_dtype():
    # backs: mixed-precision.md "the backward pass runs each operation in the dtype its forward used"
    net = nn.Linear(4, 4)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        hidden = net(torch.randn(2, 4))
        loss = nn.functional.mse_loss(hidden, torch.zeros(2, 4))
    grads = []
    hidden.register_hook(lambda g: grads.append(g.dtype))
    loss.backward()
    assert hidden.dtype == torch.bfloat16 and grads == [torch.bfloat16] and net.weight.grad.dtype == torch.float32


def test_f02_bfloat16_has_float32s_range_and_float16s_smallest_number():
    # backs: mixed-precision.md "`bfloat16` has `float32`'s range"
    assert torch.finfo(torch.bfloat16).max > 3e38 and torch.finfo(torch.float16).max == 65504
    # backs: mixed-precision.md "smallest positive number about 6 × 10⁻⁸"
    tiny = torch.tensor(2.0**-24, dtype=torch.float16)
    assert tiny > 0 and torch.tensor(2.0**-26).half() == 0 and round(tiny.item() * 1e8) == 6
    # backs: mixed-precision.md "multiplies the loss by 65,536 first"
    assert torch.amp.GradScaler("cpu").get_scale() == 65536.0


def test_f02_the_amp_model_keeps_float32_parameters(snippet):
    # backs: mixed-precision.md "the parameters, their gradients and the optimizer state stay `float32`"
    ns = snippet("mixed-precision/f02_mixed_precision")
    state = [t for s in ns["opt"].state.values() for t in s.values() if t.ndim > 0]
    assert state and all(t.dtype == torch.float32 for t in state)


# f03 ---------------------------------------------------------------------------------------


def _saved(forward, params):
    ptrs = {p.untyped_storage().data_ptr() for p in params}
    saved = []

    def pack(t):
        saved.append(t.untyped_storage().data_ptr() in ptrs)
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = forward()
    return out, saved


def test_f03_three_tensors_per_plain_block_one_per_checkpointed_block_parameters_by_reference():
    # backs: mixed-precision.md "plain training saved three tensors"
    torch.manual_seed(0)
    block = nn.Sequential(nn.Linear(8, 8), nn.GELU(), nn.Dropout(0.1))
    X = torch.randn(4, 8, requires_grad=True)
    _, plain = _saved(lambda: block(X), list(block.parameters()))
    assert plain.count(False) == 3
    # backs: mixed-precision.md "Parameters are saved by reference"
    assert plain.count(True) >= 1
    # backs: mixed-precision.md "checkpointed, only the input"
    _, ck = _saved(lambda: checkpoint(block, X, use_reentrant=False), list(block.parameters()))
    assert ck == [False]


def test_f03_checkpoint_sequential_runs_the_last_segment_normally():
    # backs: mixed-precision.md "checkpoints all but the last segment, which runs normally"
    blocks = nn.Sequential(*[nn.Linear(4, 4) for _ in range(4)])
    calls = {i: 0 for i in range(4)}
    for i, b in enumerate(blocks):
        b.register_forward_hook(lambda *a, i=i: calls.__setitem__(i, calls[i] + 1))
    checkpoint_sequential(blocks, 2, torch.randn(2, 4, requires_grad=True), use_reentrant=False).sum().backward()
    assert calls[0] == 2 and calls[2] == calls[3] == 1


def test_f03_without_use_reentrant_the_reentrant_variant_is_used_and_it_warns():
    # backs: mixed-precision.md "torch 2.13 warns (the message says it will raise one day) and uses the old reentrant variant"
    block = nn.Linear(4, 4)
    X = torch.randn(2, 4, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = checkpoint(block, X)
    assert any("use_reentrant parameter should be passed explicitly" in str(w.message) for w in caught)
    assert type(out.grad_fn).__name__ == "CheckpointFunctionBackward"


def test_f03_use_reentrant_false_trains_a_block_fed_with_data():
    # backs: mixed-precision.md "Always pass `use_reentrant=False`"
    block = nn.Linear(4, 4)
    checkpoint(block, torch.randn(2, 4), use_reentrant=False).sum().backward()
    assert block.weight.grad is not None


def test_f03_the_generator_state_is_restored_for_the_rerun():
    # backs: mixed-precision.md "the random number generator's state is saved and restored for the rerun"
    doc = " ".join(checkpoint.__doc__.split())
    assert "preserve_rng_state(bool, optional): Omit stashing and restoring the RNG state" in doc
    torch.manual_seed(0)
    block = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.5))
    X = torch.randn(4, 8)
    grads = []
    for ck in (False, True):
        block.zero_grad()
        torch.manual_seed(1)
        (checkpoint(block, X, use_reentrant=False) if ck else block(X)).sum().backward()
        grads.append(block[0].weight.grad.clone())
    assert torch.equal(*grads)
