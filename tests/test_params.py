"""Claims of the Parameter management page that the printed output alone does not prove.

Snippet namespaces are cached and shared, so tests work on deep copies of what they change."""

import copy

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


def test_p07_key_and_index_name_the_same_tensor(snippet):
    ns = snippet("params/p07_nested_indexing")
    rgnet = ns["rgnet"]
    assert ns["by_key"].data_ptr() == ns["by_index"].data_ptr() == rgnet[0][2][2].weight.data_ptr()
    assert getattr(rgnet[0], "block 2") is rgnet[0][2]
    assert rgnet.state_dict()["1.weight"].data_ptr() == rgnet[1].weight.data_ptr()
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
