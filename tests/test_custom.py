"""Claims of the Custom layers page that the printed output alone does not prove."""

import pytest
import torch
from torch import nn


def test_c01_centers_a_known_input(snippet):
    ns = snippet("custom/c01_centered_layer")
    out = ns["layer"](torch.tensor([1.0, 2, 3, 4, 5]))
    assert torch.equal(out.cpu(), torch.tensor([-2.0, -1, 0, 1, 2]))
    assert list(ns["layer"].parameters()) == []


def test_c02_centers_the_whole_batch_not_each_row(snippet):
    ns = snippet("custom/c02_centered_in_net")
    Y = ns["Y"]
    assert Y.shape == (4, 128)
    assert Y.mean().abs().item() < 1e-6
    assert Y.mean(dim=1).abs().max().item() > 1e-3  # rows are not centred one by one


def test_c03_my_linear_computes_relu_of_affine_map(snippet):
    ns = snippet("custom/c03_my_linear")
    layer, X = ns["layer"], ns["X"]
    assert torch.allclose(layer(X), torch.relu(X @ layer.weight + layer.bias))
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]


def test_c03_data_layer_gets_no_gradient_while_my_linear_does(snippet):
    ns = snippet("custom/c03_my_linear")
    net = ns["net"]
    assert net[1].weight.grad is None and net[1].bias.grad is None
    assert net[0].weight.grad is not None and net[0].bias.grad is not None
    # same numbers forward: the .data layer is wrong only for autograd
    data_layer, X = ns["DataLinear"](5, 3), ns["X"].cpu()
    assert torch.equal(data_layer(X), ns["MyLinear"].forward(data_layer, X))
    assert not data_layer(X).requires_grad


def test_c03_stacked_data_layers_cannot_backward(snippet):
    ns = snippet("custom/c03_my_linear")
    net = nn.Sequential(ns["DataLinear"](5, 3), ns["DataLinear"](3, 1))
    with pytest.raises(RuntimeError, match="does not require grad"):
        net(torch.rand(2, 5)).sum().backward()


def test_c04_custom_net_shape_and_registered_parameters(snippet):
    ns = snippet("custom/c04_custom_net")
    net = ns["net"]
    assert net(torch.rand(3, 64, device=net[0].weight.device)).shape == (3, 1)
    assert sum(p.numel() for p in net.parameters()) == 64 * 8 + 8 + 8 * 1 + 1


def test_c05_parameter_containers_are_registered_trained_and_saved(snippet):
    ns = snippet("custom/c05_parameter_containers")
    net = ns["net"]
    names = [name for name, _ in net.named_parameters()]
    assert names == ["weights.0", "weights.1", "weights.2", "scales.post", "scales.pre"]
    assert not any(name.startswith("plain") for name in net.state_dict())
    assert all(isinstance(p, nn.Parameter) for p in net.weights)
    X = torch.rand(2, 4, device=net.weights[0].device)
    net(X).sum().backward()
    assert all(p.grad is not None for p in net.weights)  # the appended one too
    assert net.scales["pre"].grad is not None and net.scales["post"].grad is None
    assert net.plain[0].grad is None
