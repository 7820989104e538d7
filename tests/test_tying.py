"""Claims of the Parameter tying page that the printed output alone does not prove.

Snippet namespaces are cached and shared, so tests work on deep copies of what they change."""

import copy
import io

import pytest
import torch
from torch import nn


def test_t01_both_positions_hold_the_same_tensors(snippet):
    ns = snippet("tying/t01_shared_layer")
    net, shared = ns["net"], ns["shared"]
    assert net[2] is shared and net[4] is shared
    assert net[2].weight is net[4].weight and net[2].bias is net[4].bias
    assert net[2].weight.data_ptr() == net[4].weight.data_ptr()


def test_t02_write_reaches_the_tied_use_but_not_the_copy(snippet):
    ns = snippet("tying/t02_change_one")
    net, twin = ns["net"], ns["twin"]
    assert net[4].weight[0, 0].item() == 100
    assert twin.weight[0, 0].item() != 100
    assert twin.weight is not net[2].weight
    assert torch.equal(twin.weight[1:], net[2].weight[1:])  # equal values, yet not tied


def test_t03_tied_gradient_is_the_sum_of_both_uses(snippet):
    ns = snippet("tying/t03_tied_gradients")
    net, untied = ns["net"], ns["untied"]
    assert untied[2].weight is not untied[4].weight
    for name in ("weight", "bias"):
        tied = getattr(net[2], name).grad
        first, second = getattr(untied[2], name).grad, getattr(untied[4], name).grad
        assert torch.allclose(tied, first + second, atol=1e-6)
        assert not torch.allclose(tied, first, atol=1e-6) and not torch.allclose(tied, second, atol=1e-6)
    # the other layers are not tied: their gradients agree between the two networks
    assert torch.allclose(net[0].weight.grad, untied[0].weight.grad, atol=1e-6)


def test_t03_tied_and_untied_copies_started_equal(snippet):
    ns = snippet("tying/t03_tied_gradients")
    net, untied = ns["net"], ns["untied"]
    for a, b in zip(net.state_dict().values(), untied.state_dict().values()):
        assert torch.equal(a, b)


def test_t03_parameters_once_state_dict_twice_optimizer_steps_once(snippet):
    ns = snippet("tying/t03_tied_gradients")
    net = copy.deepcopy(ns["net"])
    assert len(list(net.parameters())) == 6 and len(net.state_dict()) == 8
    state = net.state_dict()
    assert state["2.weight"].data_ptr() == state["4.weight"].data_ptr()
    net(ns["X"]).sum().backward()  # deepcopy does not copy .grad
    before, grad = net[2].weight.detach().clone(), net[2].weight.grad.clone()
    torch.optim.SGD(net.parameters(), lr=0.1).step()
    assert torch.allclose(net[4].weight, before - 0.1 * grad)


def _untied_copy(net, device):
    with torch.device(device):
        plain = nn.Sequential(*[copy.deepcopy(m) for m in net])
    plain[4] = copy.deepcopy(plain[2])
    assert plain[2] is not plain[4]
    return plain


def _saved_and_loaded(state):
    buffer = io.BytesIO()
    torch.save(state, buffer)
    buffer.seek(0)
    return torch.load(buffer)


# backs: tying.md "Loading into an untied model also succeeds, with no error and no warning: `load_state_dict` copies the values into the model's two tensors, which from then on train apart"
def test_t03_loading_into_an_untied_model_silently_unties(snippet, device, recwarn):
    net = snippet("tying/t03_tied_gradients")["net"]
    plain = _untied_copy(net, device)
    result = plain.load_state_dict(_saved_and_loaded(net.state_dict()))
    assert not result.missing_keys and not result.unexpected_keys and not recwarn.list
    assert plain[2].weight is not plain[4].weight
    assert plain[2].weight.data_ptr() != plain[4].weight.data_ptr()
    assert torch.equal(plain[2].weight, net[2].weight) and torch.equal(plain[4].weight, net[2].weight)
    plain(torch.rand(2, 4, device=net[0].weight.device)).sum().backward()
    torch.optim.SGD(plain.parameters(), lr=0.1).step()
    assert not torch.equal(plain[2].weight, plain[4].weight), "they train apart"


# backs: tying.md "With `assign=True` ... two `Parameter` objects (`is` says `False`) over the same memory (equal `data_ptr()`), and each optimizer step updates that memory twice"
@pytest.mark.parametrize("through_a_file", [True, False], ids=["torch.save-file", "state_dict"])
def test_t03_assign_true_from_a_tied_state_dict_aliases_one_storage_stepped_twice(snippet, device, through_a_file):
    net = snippet("tying/t03_tied_gradients")["net"]
    state = _saved_and_loaded(net.state_dict()) if through_a_file else net.state_dict()
    assert state["2.weight"].data_ptr() == state["4.weight"].data_ptr(), "the state dict shares the storage"
    plain = _untied_copy(net, device)
    plain.load_state_dict(state, assign=True)
    first, second = plain[2].weight, plain[4].weight
    assert first is not second and first.data_ptr() == second.data_ptr()
    assert len(list(plain.parameters())) == 8, "two Parameters where the tied model has one"
    before = first.detach().clone()
    first.grad, second.grad = torch.ones_like(first), torch.ones_like(second)
    torch.optim.SGD([p for p in plain.parameters() if p.grad is not None], lr=1.0).step()
    assert torch.allclose(first, before - 2, atol=1e-6), "one step, two updates of the same memory"
    assert torch.equal(first, second)


def test_t04_embedding_and_head_share_one_parameter_and_its_gradient(snippet, device):
    ns = snippet("tying/t04_reuse_in_forward")
    lm = copy.deepcopy(ns["lm"])
    assert lm.head.weight is lm.embed.weight
    lm(torch.tensor([1, 2, 3], device=device)).sum().backward()
    grad = lm.embed.weight.grad
    assert grad[0].abs().sum() > 0  # token 0 is not in the input: only the head contributes
    net = ns["net"]
    assert sum(1 for _ in net.parameters()) == 6


def test_t04_calling_a_layer_twice_adds_both_contributions(snippet, device):
    net = copy.deepcopy(snippet("tying/t04_reuse_in_forward")["net"])
    X = torch.rand(2, 4, device=device)
    net(X).sum().backward()
    total = net.shared.weight.grad.clone()
    # the same computation written with two separate copies of `shared`
    first, second = copy.deepcopy(net.shared), copy.deepcopy(net.shared)
    h = torch.relu(net.hidden(X))
    out = net.out(torch.relu(second(torch.relu(first(h)))))
    out.sum().backward()
    assert torch.allclose(total, first.weight.grad + second.weight.grad, atol=1e-6)
