"""Claims on the Module toolkit page (m01–m04) that the printed output alone does not prove."""

import torch
from torch import nn


def test_m01_named_modules_finds_every_submodule_once(snippet):
    ns = snippet("toolkit/m01_walk_modules")
    net = ns["net"]
    names = [name for name, _ in net.named_modules()]
    assert names == ["", "0", "1", "2", "2.0", "2.1", "3"]
    assert list(net.children()) == [net[0], net[1], net[2], net[3]]
    assert ns["linears"] == ["0", "2.0", "3"]


def test_m02_eval_keeps_gradients_and_no_grad_keeps_layer_behaviour(snippet):
    ns = snippet("toolkit/m02_modes")
    model, X = ns["model"], ns["X"]
    model.eval()
    assert model(X).requires_grad, "eval() must not switch off autograd"
    model.train()
    bn = model[1]
    before = bn.running_mean.clone()
    with torch.no_grad():
        Y = model(X)
    assert not Y.requires_grad
    assert not torch.equal(bn.running_mean, before), "no_grad() must not stop BatchNorm from updating in train mode"
    assert ns["features"].is_inference()


def test_m03_hook_no_longer_fires_after_remove(snippet):
    ns = snippet("toolkit/m03_hooks")
    net, X = ns["net"], ns["X"]
    assert ns["calls"] == 2, "the hook fired on both calls while registered"
    net(X)
    assert ns["calls"] == 2, "a removed hook still fired"
    assert not net[1]._forward_hooks and not net[0]._forward_pre_hooks
    weight = net[0].weight
    weight.grad = None
    weight.sum().backward()
    assert torch.equal(weight.grad, torch.ones_like(weight)), "the gradient hook still masks row 0 after remove()"


def test_m04_orthogonal_weight_satisfies_wtw_identity(snippet):
    ns = snippet("toolkit/m04_parametrizations")
    W = ns["rotation"].weight
    eye = torch.eye(W.shape[0], device=W.device)
    assert torch.allclose(W.T @ W, eye, atol=1e-5)
    assert torch.allclose(W @ W.T, eye, atol=1e-5)
    names = [name for name, _ in ns["rotation"].named_parameters()]
    assert "parametrizations.weight.original" in names and "weight" not in names


def test_m04_symmetric_weight_is_recomputed_from_original(snippet):
    ns = snippet("toolkit/m04_parametrizations")
    layer = nn.Linear(3, 3)
    from torch.nn.utils import parametrize

    parametrize.register_parametrization(layer, "weight", ns["Symmetric"]())
    with torch.no_grad():
        layer.parametrizations.weight.original[0, 1] = 3.0
    assert layer.weight[1, 0].item() == 3.0 and torch.equal(layer.weight, layer.weight.T)
    old, new = ns["old"], ns["new"]
    assert torch.allclose(new.weight, old.weight), "new weight_norm did not take the old checkpoint's values"


# backs: toolkit.md "not trained by the optimizer, but updated by every forward pass in training mode"
def test_m01_batchnorm_running_statistics_move_on_a_training_forward_without_any_optimizer():
    norm = nn.BatchNorm1d(3)
    assert {name for name, _ in norm.named_parameters()} == {"weight", "bias"}, "the statistics are no parameters"
    norm(torch.rand(8, 3) + 5)
    assert norm.running_mean.gt(0).all() and norm.num_batches_tracked.item() == 1
    before = norm.running_mean.clone()
    norm.eval()(torch.rand(8, 3))
    assert torch.equal(norm.running_mean, before), "eval mode leaves them"


# backs: toolkit.md pitfall "sets the `training` flag of every submodule, which changes what ... any other module reading `self.training` compute"
def test_m02_eval_changes_any_module_that_reads_training_and_not_autograd():
    class NoisyInTraining(nn.Module):
        def forward(self, X):
            return X + 1 if self.training else X

    model = nn.Sequential(nn.Linear(2, 2), NoisyInTraining())
    X = torch.rand(1, 2)
    trained = model(X)
    model.eval()
    assert not model[1].training and not model[0].training
    assert torch.allclose(model(X), trained - 1), "a module that is neither Dropout nor BatchNorm changed"
    assert model(X).requires_grad


# backs: toolkit.md "`parametrize.remove_parametrizations` (in `torch.nn.utils.parametrize`, next to `register_parametrization`)"
def test_m04_remove_parametrizations_lives_in_parametrize_and_undoes_the_new_weight_norm():
    from torch.nn.utils import parametrizations, parametrize

    assert hasattr(parametrize, "remove_parametrizations") and hasattr(parametrize, "register_parametrization")
    assert not hasattr(parametrizations, "remove_parametrizations")
    layer = parametrizations.weight_norm(nn.Linear(4, 4))
    weight = layer.weight.detach().clone()
    parametrize.remove_parametrizations(layer, "weight")
    assert type(layer) is nn.Linear and isinstance(layer.weight, nn.Parameter)
    assert torch.allclose(layer.weight, weight)


def test_m04_which_parametrizations_keep_the_parameter_object_and_which_replace_it(snippet):
    from torch.nn.utils import parametrize
    from torch.nn.utils.parametrizations import orthogonal, spectral_norm, weight_norm

    Symmetric = snippet("toolkit/m04_parametrizations")["Symmetric"]
    assert not hasattr(Symmetric, "right_inverse")
    keep = {
        "Symmetric": lambda layer: parametrize.register_parametrization(layer, "weight", Symmetric()),
        "orthogonal": orthogonal,
        "spectral_norm": spectral_norm,
    }
    torch.manual_seed(0)
    X = torch.rand(8, 4)
    for name, register in keep.items():
        layer = nn.Linear(4, 4)
        weight = layer.weight
        opt = torch.optim.SGD(layer.parameters(), lr=0.1)
        register(layer)
        P = layer.parametrizations.weight[0]
        if name != "Symmetric":
            # backs: toolkit.md "those whose `right_inverse` returns one tensor (`orthogonal`, `spectral_norm`)"
            assert isinstance(P.right_inverse(layer.weight.detach()), torch.Tensor), name
        # backs: toolkit.md "Most keep the layer's `Parameter` object as `original`"
        assert layer.parametrizations.weight.original is weight, name
        before = weight.detach().clone()
        layer(X).pow(2).sum().backward()
        opt.step()
        # backs: toolkit.md "so an optimizer built earlier still trains it"
        assert not torch.equal(weight.detach(), before), name

    layer = nn.Linear(4, 4)
    weight = layer.weight
    opt = torch.optim.SGD(layer.parameters(), lr=0.1)
    weight_norm(layer)
    wn = layer.parametrizations.weight
    # backs: toolkit.md "its `right_inverse` returns two tensors, registered as new parameters `original0` (`g`) and `original1` (`v`)"
    # backs: practice.md "a [parametrization](toolkit.md#m04-parametrizations) whose `right_inverse` returns several tensors"
    assert len(wn[0].right_inverse(weight.detach())) == 2
    assert wn.original0.shape == (4, 1) and wn.original1.shape == (4, 4)
    assert all(p is not weight for p in layer.parameters()), "the old weight is no longer a parameter of the layer"
    g, v = wn.original0.detach().clone(), wn.original1.detach().clone()
    layer(X).pow(2).sum().backward()
    opt.step()  # no error
    # backs: toolkit.md "never updates `g` and `v`: the weight silently stays as it was"
    # backs: toolkit.md pitfall "These are new parameters: apply it before building the optimizer"
    assert wn.original0.grad is not None and weight.grad is None
    assert torch.equal(wn.original0, g) and torch.equal(wn.original1, v)
    torch.optim.SGD(layer.parameters(), lr=0.1).step()
    assert not torch.equal(wn.original0, g) and not torch.equal(wn.original1, v)
