"""Claims of the page Autograd switches and reproducible initialization (f08, f09) that the
printed output alone does not prove."""

import pytest
import torch
from torch import nn

# f08 ---------------------------------------------------------------------------------------


def test_f08_detach_shares_the_version_counter_data_does_not():
    # backs: autograd-seeds.md "`detach()` shares the tensor's version counter"
    w = torch.ones(3, requires_grad=True)
    y = w * 2
    before = y._version
    y.detach().add_(1)
    assert y._version == before + 1
    # backs: autograd-seeds.md "`.data` has a counter of its own"
    y.data.add_(1)
    assert y._version == before + 1


def test_f08_the_right_gradient_is_the_sigmoid_derivative():
    # backs: autograd-seeds.md "(0 instead of σ(w)(1 − σ(w)))"
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w.sigmoid().sum().backward()
    s = torch.tensor([1.0, 2.0, 3.0]).sigmoid()
    assert torch.allclose(w.grad, s * (1 - s)) and (w.grad != 0).all()


def test_f08_inference_tensors_have_no_version_counter():
    # backs: autograd-seeds.md "no version counters"
    with torch.inference_mode():
        t = torch.ones(2) * 2
    with pytest.raises(RuntimeError, match="Inference tensors do not track version counter"):
        t._version


def test_f08_requires_grad_off_lasts_no_grad_ends_with_its_block():
    # backs: autograd-seeds.md "`requires_grad_(False)` marks parameters (lasting, until turned back on)"
    net = nn.Linear(2, 2).requires_grad_(False)
    assert not net(torch.ones(1, 2)).requires_grad
    net.requires_grad_(True)
    assert net(torch.ones(1, 2)).requires_grad
    # backs: autograd-seeds.md "stop recording for the code in their block"
    with torch.no_grad():
        assert not net(torch.ones(1, 2)).requires_grad
    assert net(torch.ones(1, 2)).requires_grad


def test_f08_detach_and_data_share_the_values():
    # backs: autograd-seeds.md "give a tensor that shares the values and has no history"
    y = torch.ones(3, requires_grad=True) * 2
    for alias in (y.detach(), y.data):
        assert alias.data_ptr() == y.data_ptr() and alias.grad_fn is None and not alias.requires_grad


def test_f08_eval_changes_batchnorm_and_keeps_the_graph():
    # backs: autograd-seeds.md "The only switch that changes Dropout and BatchNorm"
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(3)
    X = 5 + torch.randn(8, 3)
    with torch.no_grad():
        train_out = bn(X)
    bn.eval()
    eval_out = bn(X)
    assert not torch.allclose(train_out, eval_out) and eval_out.requires_grad


# f09 ---------------------------------------------------------------------------------------


def test_f09_manual_seed_seeds_every_device():
    # backs: autograd-seeds.md "Seeds the generator of the CPU and of every CUDA device"
    assert "on all devices" in " ".join(torch.manual_seed.__doc__.split())


def test_f09_fork_rng_restores_the_state_on_exit():
    # backs: autograd-seeds.md "Saves the generators' states on entry and restores them on exit"
    torch.manual_seed(0)
    state = torch.get_rng_state()
    with torch.random.fork_rng():
        torch.rand(10)
        torch.manual_seed(5)
    assert torch.equal(torch.get_rng_state(), state)


def test_f09_a_layer_built_on_the_gpu_differs_from_the_same_layer_built_on_the_cpu():
    # backs: autograd-seeds.md "the same seed gives other numbers on the GPU than on the CPU"
    if not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    torch.manual_seed(0)
    on_cpu = nn.Linear(4, 8, device="cpu").to("cuda")
    torch.manual_seed(0)
    on_gpu = nn.Linear(4, 8, device="cuda")
    assert not torch.equal(on_cpu.weight, on_gpu.weight)


def test_f09_the_layers_own_generator_gives_the_same_values_whatever_came_before(snippet):
    # backs: autograd-seeds.md "the same values for that layer whatever happened before"
    ns = snippet("autograd-seeds/f09_reproducible_init")
    a, c = ns["a"], ns["c"]
    assert not torch.equal(a[0].weight, c[0].weight) and torch.equal(a[2].weight, c[2].weight)
