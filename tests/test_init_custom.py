"""Claims of the Custom initialization page that the printed output alone does not prove.

Snippet namespaces are cached and shared, so tests work on deep copies of what they change."""

import copy
import math

import pytest
import torch
from torch import nn


def _max_abs(t):
    return t.detach().abs().max().item()


def test_i05_custom_distribution_has_the_stated_shape(snippet, device, capsys):
    my_init = snippet("init-custom/i05_custom_init")["my_init"]
    with torch.device(device):
        torch.manual_seed(0)
        layer = nn.Linear(1000, 1000)
    layer.apply(my_init)
    w = layer.weight.detach()
    n = w.numel()
    positive, negative = w[w > 0], w[w < 0]
    assert abs((w == 0).sum().item() / n - 0.5) < 0.01
    assert abs(positive.numel() / n - 0.25) < 0.01 and abs(negative.numel() / n - 0.25) < 0.01
    assert positive.min() >= 5 and positive.max() <= 10
    assert negative.min() >= -10 and negative.max() <= -5
    assert layer.weight.requires_grad and layer.weight.is_leaf


def test_i06_data_hides_changes_from_the_version_counter_detach_does_not(device):
    with torch.device(device):
        w = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
    w.data.mul_(2)
    assert w._version == 0
    loss = (w**2).sum()
    w.detach().mul_(2)
    assert w._version == 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def test_i06_hand_set_values_kept_the_parameter_a_leaf(snippet):
    ns = snippet("init-custom/i06_set_directly")
    weight = ns["layer"].weight
    assert weight[0, 0].item() == 42 and weight.is_leaf and weight.grad_fn is None
    assert isinstance(weight, nn.Parameter)


def test_i07_norm_scale_drawn_from_normal_would_shrink_the_output(snippet, device):
    net = copy.deepcopy(snippet("init-custom/i07_init_by_name")["net"])
    assert torch.equal(net[1].weight, torch.ones_like(net[1].weight))
    X = torch.rand(256, 4, device=device)
    with torch.no_grad():
        kept = net[1](net[0](X)).std().item()
        nn.init.normal_(net[1].weight, std=0.01)
        shrunk = net[1](net[0](X)).std().item()
    assert shrunk < kept / 30


def test_i08_xavier_bound_and_std(snippet):
    layer = snippet("init-custom/i08_xavier_bound")["layer"]
    bound = math.sqrt(6 / (64 + 32))
    assert bound == 0.25
    assert _max_abs(layer.weight) <= bound and _max_abs(layer.weight) > 0.98 * bound
    assert abs(layer.weight.std().item() - bound / math.sqrt(3)) < 0.01


# backs: init-custom.md "`nn.init.uniform_` already runs under `torch.no_grad()`; our own in-place edit of a parameter needs `torch.no_grad()`, or it raises"
def test_i05_uniform_runs_under_no_grad_and_a_plain_in_place_edit_raises(device):
    with torch.device(device):
        weight = nn.Parameter(torch.empty(3, 3))
    seen = []
    original = torch.Tensor.uniform_

    def spy(tensor, *args, **kwargs):
        seen.append(torch.is_grad_enabled())
        return original(tensor, *args, **kwargs)

    torch.Tensor.uniform_ = spy
    try:
        nn.init.uniform_(weight, -10, 10)
    finally:
        torch.Tensor.uniform_ = original
    assert seen == [False], "the draw happened with gradients off"
    assert weight.is_leaf and weight.grad_fn is None
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        weight *= weight.abs() >= 5
