"""Claims of the Lazy initialization page that the printed output alone does not prove."""

import math

import pytest
import torch
from torch import nn
from torch.nn.parameter import UninitializedParameter


def test_l01_before_the_dry_run_parameters_are_placeholders(snippet, device):
    init_xavier = snippet("lazy/l01_lazy_linear")["init_xavier"]
    with torch.device(device):
        lazy = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
    assert all(isinstance(p, UninitializedParameter) for p in lazy.parameters())
    assert isinstance(lazy[0], nn.LazyLinear) and isinstance(lazy[0], nn.Linear)
    with pytest.raises(ValueError, match="uninitialized parameter"):
        sum(p.numel() for p in lazy.parameters())
    with pytest.raises(ValueError, match="uninitialized parameter"):
        lazy.apply(init_xavier)


def test_l01_after_the_dry_run_layers_are_plain_linear_and_initialized(snippet):
    ns = snippet("lazy/l01_lazy_linear")
    net = ns["net"]
    assert type(net[0]) is nn.Linear and type(net[2]) is nn.Linear
    assert not isinstance(net[0], nn.LazyLinear)
    assert (net[0].in_features, net[2].in_features) == (20, 256)
    assert all(type(p) is nn.Parameter for p in net.parameters())
    assert net[0].weight.abs().max().item() <= math.sqrt(6 / (20 + 256))
    assert not net[0].bias.any()
    # the optimizer holds the materialized tensors themselves
    assert ns["optimizer"].param_groups[0]["params"][0] is net[0].weight


def test_l01_lazy_layers_draw_their_values_later(device):
    with torch.device(device):
        torch.manual_seed(0)
        eager = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        torch.manual_seed(0)
        mixed = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.Linear(8, 1))
        mixed(torch.ones(2, 4))
    assert eager[0].weight.shape == mixed[0].weight.shape
    assert not torch.equal(eager[0].weight, mixed[0].weight)
    assert not torch.equal(eager[2].weight, mixed[2].weight)


# backs: lazy.md l01 snippet's `if m.bias is not None` guard (the init function works on bias-free layers)
def test_l01_init_xavier_works_on_a_lazy_layer_without_bias(snippet):
    init_xavier = snippet("lazy/l01_lazy_linear")["init_xavier"]
    net = nn.Sequential(nn.LazyLinear(3, bias=False))
    net(torch.rand(2, 5))
    net.apply(init_xavier)
    assert net[0].bias is None and net[0].weight.abs().max() <= math.sqrt(6 / (5 + 3))


# backs: lazy.md "to postpone allocating memory rather than fixing shapes, build on the meta device"
def test_l01_meta_device_postpones_memory_while_lazy_layers_postpone_shapes():
    with torch.device("meta"):
        big = nn.Linear(20, 256)
    assert big.weight.is_meta and big.weight.shape == (256, 20), "the shape is known, no memory is allocated"
    lazy = nn.LazyLinear(256)
    assert isinstance(lazy.weight, nn.parameter.UninitializedParameter) and lazy.in_features == 0
