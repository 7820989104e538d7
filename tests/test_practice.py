"""Claims of the page Parameters in practice: the optimizer and freezing (r01–r03): each
symptom, each fix, and the sentences of the prose that the printed output does not show."""

import copy

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


def test_r01_a_new_layer_is_not_in_an_optimizer_built_before():
    # backs: practice.md "assigning a new layer or a new `nn.Parameter`"
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    net[2] = nn.Linear(8, 1)
    before = net[2].weight.detach().clone()
    net(torch.ones(2, 4)).sum().backward()
    opt.step()
    assert all(p is not net[2].weight for p in opt.param_groups[0]["params"])
    assert torch.equal(net[2].weight.detach(), before), "the new layer is never stepped"


def test_r01_to_and_plain_load_keep_the_parameter_objects(device):
    # backs: practice.md "A plain `load_state_dict` keeps the objects (it copies into them), and so does `.to()`"
    net = nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    net.to(device).to(torch.float64)
    weight = net.weight
    data_ptr = weight.data_ptr()
    net.to(torch.float32)
    # backs: practice.md "(it replaces their `.data`"
    assert net.weight is weight and weight.data_ptr() != data_ptr
    data_ptr = weight.data_ptr()
    net.load_state_dict(nn.Linear(4, 1).to(device).state_dict())
    assert net.weight is weight and weight.data_ptr() == data_ptr
    net.to(torch.float64)
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


def test_r03_copy_keeps_hooks_and_ties_working():
    # backs: practice.md "the optimizer, hooks and tied layers keep working"
    a, b = nn.Linear(2, 2, bias=False), nn.Linear(2, 2, bias=False)
    b.weight = a.weight
    calls = []
    a.weight.register_hook(lambda grad: calls.append(grad.shape))
    with torch.no_grad():
        a.weight.copy_(torch.eye(2))
    assert torch.equal(b.weight.detach(), torch.eye(2)) and b.weight is a.weight
    b(a(torch.ones(1, 2))).sum().backward()
    assert calls == [torch.Size([2, 2])], "the hook still runs"


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


def test_r02_a_frozen_batchnorm_in_train_mode_updates_both_running_statistics():
    # backs: practice.md "updates `running_mean` and `running_var`, frozen or not"
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(3).requires_grad_(False)
    mean, var = bn.running_mean.clone(), bn.running_var.clone()
    bn(5 + 2 * torch.randn(16, 3))
    assert not torch.equal(bn.running_mean, mean) and not torch.equal(bn.running_var, var)
    assert bn.num_batches_tracked.item() == 1
    # backs: practice.md "`requires_grad_(False)` does not stop them, `eval()` does"
    bn.eval()
    mean, var = bn.running_mean.clone(), bn.running_var.clone()
    bn(torch.randn(16, 3))
    assert torch.equal(bn.running_mean, mean) and torch.equal(bn.running_var, var)


def test_r01_to_empty_gives_new_parameter_objects_only_from_the_meta_device():
    # backs: practice.md "`to_empty()` on a model built on the meta device"
    # backs: practice-modules.md "`to_empty()` on a meta model and `assign=True` untie tied weights"
    real = nn.Linear(2, 2)
    weight = real.weight
    real.to_empty(device="cpu")
    assert real.weight is weight, "from a real device: the same objects"
    with torch.device("meta"):
        meta = nn.Linear(2, 2)
    weight = meta.weight
    meta.to_empty(device="cpu")
    assert meta.weight is not weight, "from the meta device: new objects"
    tied = nn.ModuleDict({"a": nn.Linear(2, 2, bias=False), "b": nn.Linear(2, 2, bias=False)})
    tied.b.weight = tied.a.weight
    tied.to_empty(device="cpu")
    assert tied.a.weight is tied.b.weight, "a real model keeps its ties"


def test_r01_to_meta_gives_new_parameter_objects():
    # backs: practice.md "`.to("meta")`" (in the list of what puts new `Parameter` objects into the model)
    # backs: practice.md pitfall "and `.to("meta")` put new `Parameter` objects into the model"
    net = nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    weight = net.weight
    net.to("meta")
    assert net.weight.is_meta and net.weight is not weight
    assert opt.param_groups[0]["params"][0] is weight, "the optimizer holds the old CPU tensor"


def test_r01_future_switches_change_what_to_keeps():
    # backs: practice.md "switches in `torch.__future__` can change that default"
    future = torch.__future__
    assert not future.get_overwrite_module_params_on_conversion()
    assert not future.get_swap_module_params_on_conversion()
    try:
        future.set_overwrite_module_params_on_conversion(True)
        net = nn.Linear(4, 1)
        weight = net.weight
        net.to(torch.float64)
        assert net.weight is not weight, "overwrite: a dtype change gives new objects"
        future.set_overwrite_module_params_on_conversion(False)
        future.set_swap_module_params_on_conversion(True)
        weight = net.weight
        net.to("meta")
        assert net.weight is weight, "swap: even .to('meta') keeps the object"
    finally:
        future.set_overwrite_module_params_on_conversion(False)
        future.set_swap_module_params_on_conversion(False)
