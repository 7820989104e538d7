"""Claims of the Parameters-in-practice page (r01–r05): each symptom, each fix, and the
sentences of the prose that the printed output does not show."""

import copy
import io

import pytest
import torch
from torch import nn

# r01 ---------------------------------------------------------------------------------------


def test_r01_stale_optimizers_hold_other_parameters_and_the_loss_does_not_move(snippet):
    # backs: practice.md "an optimizer built earlier holding the old ones"
    ns = snippet("practice/r01_optimizer_order")
    train, mlp = ns["train"], ns["mlp"]
    checkpoint = ns["checkpoint"]
    with torch.device("meta"):
        net = mlp()
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net.to_empty(device=ns["X"].device)
    net.load_state_dict(checkpoint["model"])
    held = opt.param_groups[0]["params"]
    assert all(p.is_meta for p in held), "the optimizer still holds the meta parameters"
    before = copy.deepcopy(net.state_dict())
    losses = train(net, opt)
    assert len(set(losses)) == 1, "the loss must not move"
    assert all(torch.equal(v, before[k]) for k, v in net.state_dict().items())
    assert all(p.grad is None for p in held), "step() skips them: their .grad stays None"


def test_r01_to_and_plain_load_keep_the_parameter_objects(device):
    # backs: practice.md "`.to(device)` and a plain `load_state_dict` keep the objects"
    net = nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    net.to(device).to(torch.float64)
    net.load_state_dict(nn.Linear(4, 1, dtype=torch.float64).state_dict())
    assert opt.param_groups[0]["params"][0] is net.weight


def test_r01_in_order_resumes_from_the_checkpoint(snippet):
    # backs: practice.md "the loss goes down from where the checkpoint left it"
    ns = snippet("practice/r01_optimizer_order")
    mlp, train = ns["mlp"], ns["train"]
    torch.manual_seed(1)
    pretrained = mlp().to(ns["X"].device)
    pre_opt = torch.optim.Adam(pretrained.parameters(), lr=0.01)
    losses_before = train(pretrained, pre_opt)
    checkpoint = copy.deepcopy({"model": pretrained.state_dict(), "optimizer": pre_opt.state_dict()})
    continued = train(pretrained, pre_opt)  # what the original run would have done next
    with torch.device("meta"):
        net = mlp()
    net.load_state_dict(checkpoint["model"], assign=True)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    opt.load_state_dict(checkpoint["optimizer"])
    assert opt.param_groups[0]["params"][0] is next(net.parameters())
    resumed = train(net, opt)
    assert resumed == continued and resumed[0] < losses_before[-1]
    assert {s["step"].item() for s in opt.state.values()} == {6.0}, "3 steps before saving + 3 after resuming"


def test_r01_optimizer_state_is_matched_by_position_not_by_name():
    # backs: practice.md "two parameters of the same shape would silently swap their state"
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net(torch.randn(2, 4)).sum().backward()
    opt.step()
    saved = copy.deepcopy(opt.state_dict())
    a, b = net[0].weight, net[1].weight
    swapped = torch.optim.Adam([net[1].weight, net[0].bias, a, net[1].bias], lr=0.01)
    swapped.load_state_dict(saved)  # no error
    assert torch.equal(swapped.state[b]["exp_avg"], opt.state[a]["exp_avg"])
    assert not torch.equal(swapped.state[b]["exp_avg"], opt.state[b]["exp_avg"])


# r02 ---------------------------------------------------------------------------------------


def test_r02_optimizers_skip_only_parameters_whose_grad_is_none():
    # backs: practice.md "an optimizer skips a parameter only while its `.grad` is `None`"
    assert "skips" in torch.optim.Optimizer.zero_grad.__doc__
    for make in (lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.1), lambda p: torch.optim.AdamW(p, lr=0.1)):
        w = nn.Parameter(torch.ones(3))
        opt = make([w])
        w.grad = None
        opt.step()
        assert torch.equal(w.detach(), torch.ones(3)), "grad None: skipped"
        w.grad = torch.zeros(3)
        opt.step()
        assert not torch.equal(w.detach(), torch.ones(3)), "zero grad + weight decay: moved"


def test_r02_train_switches_a_frozen_batchnorm_back(snippet):
    # backs: practice.md "every `model.train()` switches it back"
    ns = snippet("practice/r02_freeze")
    net = copy.deepcopy(ns["net"])
    net[1].eval()
    net.train()
    assert net[1].training


def test_r02_batchnorm_in_train_mode_normalizes_with_the_batch():
    # backs: practice.md "normalizes with the batch statistics"
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(3).requires_grad_(False)
    X = 5 + 2 * torch.randn(64, 3)
    Y = bn(X)
    assert torch.allclose(Y.mean(0), torch.zeros(3), atol=1e-5)
    bn.eval()
    assert not torch.allclose(bn(X).mean(0), torch.zeros(3), atol=1e-2)


def test_r02_add_param_group_gives_its_own_learning_rate(snippet):
    # backs: practice.md "`add_param_group` hands it over"
    ns = snippet("practice/r02_freeze")
    opt, net = ns["opt"], ns["net"]
    group = opt.param_groups[-1]
    assert group["lr"] == 0.01 and group["params"][0] is net[0].weight


# r03 ---------------------------------------------------------------------------------------


def test_r03_new_parameter_is_not_trained_by_the_old_optimizer_copy_is():
    # backs: practice.md "the optimizer must be told (build it again, or `add_param_group`)"
    layer = nn.Linear(2, 2)
    opt = torch.optim.SGD(layer.parameters(), lr=0.1)
    layer.weight = nn.Parameter(torch.eye(2))
    opt.add_param_group({"params": [layer.weight]})
    layer(torch.ones(1, 2)).sum().backward()
    opt.step()
    assert not torch.equal(layer.weight.detach(), torch.eye(2))


def test_r03_in_place_change_of_a_parameter_without_no_grad_raises():
    # backs: practice.md "Without `no_grad()`, an in-place change of a leaf that requires grad raises"
    layer = nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        layer.weight.copy_(torch.eye(2))


def test_r03_snippet_new_weight_unchanged_copied_weight_trained(snippet):
    ns = snippet("practice/r03_replace_parameter")
    layer = ns["layer"]
    assert ns["opt"].param_groups[0]["params"][0] is layer.weight
    assert not torch.equal(layer.weight.detach(), torch.eye(2, device=layer.weight.device))


# r04 ---------------------------------------------------------------------------------------


def test_r04_to_rejects_integer_dtypes():
    # backs: practice.md "`net.to(torch.int64)` would raise `TypeError`"
    with pytest.raises(TypeError, match="only accepts floating point or complex"):
        nn.Linear(2, 2).to(torch.int64)


@pytest.mark.parametrize("method, dtype", [("half", torch.float16), ("float", torch.float32), ("double", torch.float64), ("bfloat16", torch.bfloat16)])
def test_r04_half_float_double_bfloat16_touch_floating_tensors_only(method, dtype):
    # backs: practice.md "touch floating tensors only"
    m = nn.BatchNorm1d(2)
    m.phase = nn.Parameter(torch.tensor([1 + 2j]))
    getattr(m, method)()
    assert m.weight.dtype == dtype and m.running_mean.dtype == dtype
    assert m.phase.dtype == torch.complex64 and m.num_batches_tracked.dtype == torch.int64


def test_r04_complex_to_real_warns_once_and_keeps_the_real_part(snippet):
    # backs: practice.md "keeps the real part, with a warning"
    ns = snippet("practice/r04_dtype_conversion")
    assert len(ns["caught"]) == 1


def test_r04_assigned_model_rejects_float32_inputs(snippet):
    # backs: practice.md "inputs of another dtype fail"
    model = snippet("practice/r04_dtype_conversion")["model"]
    with pytest.raises(RuntimeError):
        model(torch.ones(1, 2, device=model.weight.device))


def test_r04_assign_adopts_the_checkpoints_device_plain_load_keeps_the_models(device):
    # backs: practice.md "brings its device with it in the same way"
    model = nn.Linear(2, 2, device=device)
    model.load_state_dict({k: v.cpu() for k, v in nn.Linear(2, 2).state_dict().items()})
    assert model.weight.device.type == device
    model.load_state_dict({k: v.to("meta") for k, v in model.state_dict().items()}, assign=True)
    assert model.weight.is_meta and isinstance(model.weight, nn.Parameter)


# r05 ---------------------------------------------------------------------------------------


def test_r05_buffer_attribute_equals_register_buffer():
    # backs: practice.md "it is the same as [`register_buffer`]"
    class A(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = nn.Buffer(torch.ones(3))
            self.cache = nn.Buffer(torch.zeros(3), persistent=False)

    class B(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("scale", torch.ones(3))
            self.register_buffer("cache", torch.zeros(3), persistent=False)

    a, b = A(), B()
    assert list(a.state_dict()) == list(b.state_dict()) == ["scale"]
    assert [n for n, _ in a.named_buffers()] == [n for n, _ in b.named_buffers()]
    assert type(a.scale) is torch.Tensor, "the attribute is then a plain tensor"
    assert a.to(torch.float64).cache.dtype == torch.float64, "a non-persistent buffer moves with .to()"


def test_r05_extra_state_loads_with_weights_only(snippet):
    # backs: practice.md "they load with `torch.load`'s default `weights_only=True`"
    ns = snippet("practice/r05_buffer_extra_state")
    saved = ns["SavedTokenizer"](["<pad>", "hi"])
    f = io.BytesIO()
    torch.save(saved.state_dict(), f)
    f.seek(0)
    fresh = ns["SavedTokenizer"]([])
    fresh.load_state_dict(torch.load(f))  # weights_only=True by default
    assert fresh.vocab == ["<pad>", "hi"]
