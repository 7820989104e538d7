"""Claims of the Parameter management page that the printed output alone does not prove.

Snippet namespaces are cached and shared, so tests work on deep copies of what they change."""

import copy

import pytest
import torch
from torch import nn


def test_p02_detach_shares_memory_with_the_parameter(snippet):
    bias = snippet("params/p02_one_parameter")["net"][2].bias
    value = bias.detach()
    assert value.data_ptr() == bias.data_ptr()
    assert not value.requires_grad and type(value) is torch.Tensor and isinstance(bias, nn.Parameter)


def test_p02_weight_is_out_by_in(snippet):
    layer = snippet("params/p02_one_parameter")["net"][2]
    assert layer.weight.shape == (layer.out_features, layer.in_features) == (1, 8)


def test_p03_second_backward_adds_exactly_and_zero_grad_resets_to_none(snippet):
    ns = snippet("params/p03_grad")
    net, X = copy.deepcopy(ns["net"]), ns["X"]
    net(X).sum().backward()
    first = net[2].weight.grad.clone()
    assert first.abs().sum() > 0
    net(X).sum().backward()
    assert torch.equal(net[2].weight.grad, 2 * first)
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_p05_state_dict_shares_memory_and_deepcopy_does_not(snippet):
    net = copy.deepcopy(snippet("params/p05_by_name")["net"])
    state = net.state_dict()
    assert state["2.bias"].data_ptr() == net[2].bias.data_ptr()
    assert net.get_parameter("2.bias") is net[2].bias
    snapshot = copy.deepcopy(net.state_dict())
    state["2.bias"].fill_(-3.0)
    assert net[2].bias.item() == -3.0
    assert snapshot["2.bias"].item() != -3.0


def test_p06_equal_rows_come_from_a_block_that_outputs_only_zeros(snippet):
    ns = snippet("params/p06_nested_blocks")
    rgnet, X = ns["rgnet"], ns["X"]
    with torch.no_grad():
        out = rgnet(X)
        if torch.equal(out[0], out[1]):  # what the CPU run shows
            h, zero_blocks = X, []
            for name, block in rgnet[0].named_children():
                h = block(h)
                if not h.any():
                    zero_blocks.append(name)
            assert zero_blocks, "equal rows but no block zeroes its output: the page's explanation is wrong"
    assert len(ns["keys"]) == 4 * 2 * 2 + 2


# backs: params.md "If you count from one and write `rgnet[0][1]` for `block 2`, you get `block 1`"
def test_p07_key_and_index_name_the_same_tensor(snippet):
    ns = snippet("params/p07_nested_indexing")
    rgnet = ns["rgnet"]
    assert ns["by_key"].data_ptr() == ns["by_index"].data_ptr() == rgnet[0][2][2].weight.data_ptr()
    assert getattr(rgnet[0], "block 2") is rgnet[0][2]
    assert rgnet.state_dict()["1.weight"].data_ptr() == rgnet[1].weight.data_ptr()
    assert rgnet[0][1] is getattr(rgnet[0], "block 1")
    assert rgnet[0][1][2].weight.data_ptr() != ns["by_key"].data_ptr()


def test_p08_trainable_and_frozen_add_up_and_the_frozen_layer_did_not_move(snippet, device):
    ns = snippet("params/p08_count_params")
    net = ns["net"]
    frozen = [p for p in net.parameters() if not p.requires_grad]
    assert sum(p.numel() for p in ns["trainable"]) + sum(p.numel() for p in frozen) == 7946
    assert frozen == [net[0].weight, net[0].bias] and sum(p.numel() for p in frozen) == 20 * 256 + 256
    assert len(list(net.parameters())) == 4  # tensors, not scalars
    with torch.device(device):
        torch.manual_seed(0)
        untouched = nn.Linear(20, 256)  # the same draws the snippet's net[0] started from
    assert torch.equal(net[0].weight, untouched.weight) and torch.equal(net[0].bias, untouched.bias)


def test_p08_optimizer_given_frozen_parameters_too_leaves_them_unchanged(snippet, device):
    net = copy.deepcopy(snippet("params/p08_count_params")["net"])
    for p in net.parameters():
        p.grad = None
    frozen_before = net[0].weight.clone()
    trainable_before = net[2].weight.clone()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        net(torch.rand(2, 20, device=device)).sum().backward()
        optimizer.step()
    assert net[0].weight.grad is None
    assert torch.equal(net[0].weight, frozen_before)
    assert not torch.equal(net[2].weight, trainable_before)


# backs: params.md "plus an `_extra_state` entry if the module defines `get_extra_state()`, and whatever state-dict hooks add"
def test_p01_state_dict_also_holds_extra_state_and_what_hooks_add():
    class WithExtra(nn.Linear):
        def get_extra_state(self):
            return {"version": 2}

        def set_extra_state(self, state):
            self.version = state["version"]

    layer = WithExtra(2, 1)
    assert list(layer.state_dict()) == ["weight", "bias", "_extra_state"]
    assert layer.state_dict()["_extra_state"] == {"version": 2}
    plain = nn.Linear(2, 1)
    plain.register_state_dict_post_hook(lambda module, state, prefix, local_metadata: state.update(step=7))
    assert list(plain.state_dict()) == ["weight", "bias", "step"]
    plain.register_buffer("scratch", torch.zeros(1), persistent=False)
    assert "scratch" not in plain.state_dict()


def _with_attributes():
    m = nn.Sequential(nn.Linear(2, 2))
    m.register_buffer("stats", torch.zeros(2))
    m.scale = nn.Parameter(torch.ones(2))
    m.note = 3
    return m


# backs: params.md "not empty, contains no `.` and is not already a non-module attribute of the module, such as a parameter, a buffer or a method (those raise `KeyError`)"
@pytest.mark.parametrize("name", ["", "a.b", "forward", "training", "stats", "scale", "note"])
def test_p06_add_module_refuses_empty_dotted_and_non_module_attribute_names(name):
    with pytest.raises(KeyError):
        _with_attributes().add_module(name, nn.ReLU())


# backs: params.md "The name of an existing submodule is accepted: the new module replaces the old one without an error"
def test_p06_add_module_replaces_an_existing_submodule_without_an_error(recwarn):
    m = _with_attributes()
    relu = nn.ReLU()
    m.add_module("0", relu)
    assert m[0] is relu and list(m._modules) == ["0"]
    assert not recwarn.list


# backs: params.md "whose `requires_grad` defaults to `True` ... `nn.Parameter(t, requires_grad=False)` is one too"
def test_p02_a_parameter_requires_grad_by_default_but_need_not():
    assert nn.Parameter(torch.ones(2)).requires_grad
    frozen = nn.Parameter(torch.ones(2), requires_grad=False)
    assert isinstance(frozen, nn.Parameter) and not frozen.requires_grad
    layer = nn.Linear(2, 1)
    layer.extra = frozen
    assert dict(layer.named_parameters())["extra"] is frozen, "registered all the same"


# backs: params.md "even one with a space such as `"block 0"`"
def test_p06_add_module_accepts_a_name_with_a_space(snippet):
    rgnet = snippet("params/p06_nested_blocks")["rgnet"]
    assert rgnet.get_submodule("0.block 0") is getattr(rgnet[0], "block 0") is rgnet[0][0]


def _frozen_after_one_step(make_optimizer, *, freeze_before_zero_grad):
    torch.manual_seed(0)
    layer = nn.Linear(3, 2)
    optimizer = make_optimizer(layer.parameters())
    layer(torch.rand(4, 3)).sum().backward()
    optimizer.step()  # one ordinary step: momentum / Adam's averages now exist
    if freeze_before_zero_grad:
        layer.requires_grad_(False)
        optimizer.zero_grad(set_to_none=False)
    else:
        optimizer.zero_grad()
        layer(torch.rand(4, 3)).sum().backward()
        layer.requires_grad_(False)  # frozen between backward() and step()
    before = layer.weight.detach().clone()
    optimizer.step()
    return not torch.equal(layer.weight, before), layer


# backs: params.md pitfall "a frozen parameter can still change"
@pytest.mark.parametrize("make_optimizer", [
    lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.9),
    lambda params: torch.optim.AdamW(params, lr=0.1),
], ids=["SGD-momentum", "AdamW"])
@pytest.mark.parametrize("freeze_before_zero_grad", [True, False], ids=["zero_grad-set_to_none-False", "frozen-after-backward"])
def test_p08_frozen_parameter_with_an_existing_grad_still_moves(make_optimizer, freeze_before_zero_grad):
    moved, layer = _frozen_after_one_step(make_optimizer, freeze_before_zero_grad=freeze_before_zero_grad)
    assert not layer.weight.requires_grad and layer.weight.grad is not None
    assert moved


# backs: params.md "an optimizer leaves a parameter whose `.grad` is `None` alone"
def test_p08_frozen_parameter_whose_grad_is_none_does_not_move(snippet):
    ns = snippet("params/p08_count_params")
    net = copy.deepcopy(ns["net"])
    optimizer = torch.optim.AdamW(net.parameters(), lr=0.1)  # frozen ones included
    before = net[0].weight.detach().clone()
    net(torch.rand(2, 20, device=before.device)).sum().backward()
    optimizer.step()
    assert net[0].weight.grad is None and torch.equal(net[0].weight, before)


# backs: params.md pitfall "A frozen BatchNorm still updates its running statistics in `train()` mode"
def test_p08_frozen_batchnorm_updates_running_statistics_in_train_mode():
    norm = nn.BatchNorm1d(3).requires_grad_(False)
    norm(torch.rand(8, 3) + 5)
    assert norm.running_mean.gt(0).all() and norm.num_batches_tracked.item() == 1
    norm.eval()(torch.rand(8, 3))
    assert norm.num_batches_tracked.item() == 1
