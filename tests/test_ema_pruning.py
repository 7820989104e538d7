"""Claims of the page An EMA of the weights, and pruning (f04, f05) that the printed output
alone does not prove."""

import torch
import torch.nn.utils.prune as prune
from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, update_bn

# f04 ---------------------------------------------------------------------------------------


def _bn_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))


def _train_step(model, X):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    model(X).square().mean().backward()
    opt.step()
    opt.zero_grad()


def test_f04_buffers_are_copied_without_use_buffers_and_averaged_with_it():
    # backs: ema-pruning.md "copies the model's buffers at each update"
    # backs: ema-pruning.md "`use_buffers=True` averages the buffers too"
    model = _bn_model()
    copied = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.5))
    averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.5), use_buffers=True)
    for seed in range(3):
        torch.manual_seed(seed)
        _train_step(model, 3 + torch.randn(16, 4))
        copied.update_parameters(model)
        averaged.update_parameters(model)
    assert torch.equal(copied.module[1].running_mean, model[1].running_mean)
    assert not torch.equal(averaged.module[1].running_mean, model[1].running_mean)


def test_f04_first_update_copies_then_each_moves_by_one_minus_decay():
    # backs: ema-pruning.md "The first call copies the weights; each later one moves the copy"
    model = nn.Linear(2, 2)
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
    with torch.no_grad():
        model.weight.fill_(1.0)
    ema.update_parameters(model)
    assert torch.equal(ema.module.weight, torch.ones(2, 2))
    with torch.no_grad():
        model.weight.fill_(2.0)
    ema.update_parameters(model)
    assert torch.allclose(ema.module.weight, torch.full((2, 2), 1.1))
    # backs: ema-pruning.md "0.999^99 ≈ 91 %"
    assert round(0.999**99, 2) == 0.91


def test_f04_averaged_model_has_its_own_training_flag():
    # backs: ema-pruning.md "a module with its own `training` flag"
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    ema = AveragedModel(model)
    model.eval()
    assert ema.training and ema.module[1].training


def test_f04_update_bn_recomputes_the_statistics_in_training_mode_and_restores_the_mode():
    # backs: ema-pruning.md "runs the data through the EMA model in training mode once and recomputes them"
    model = _bn_model().eval()
    data = [3 + torch.randn(8, 4) for _ in range(4)]
    update_bn(data, model)
    assert not model.training
    with torch.no_grad():
        mean = torch.cat([model[0](x) for x in data]).mean(0)
    assert torch.allclose(model[1].running_mean, mean, atol=1e-5)


def test_f04_device_keeps_the_copy_elsewhere(device):
    # backs: ema-pruning.md "`AveragedModel(model, device="cpu", ...)` keeps it on the CPU"
    model = nn.Linear(2, 2).to(device)
    ema = AveragedModel(model, device="cpu")
    ema.update_parameters(model)
    assert ema.module.weight.device.type == "cpu" and torch.equal(ema.module.weight, model.weight.cpu())


def test_f04_the_saved_ema_loads_into_the_plain_model(snippet):
    # backs: ema-pruning.md "Save `ema.module.state_dict()`: the keys of the plain model"
    ns = snippet("ema-pruning/f04_ema")
    assert list(ns["ema"].module.state_dict()) == list(ns["model"].state_dict())


# f05 ---------------------------------------------------------------------------------------


def test_f05_masked_entries_get_zero_gradients_and_weight_is_recomputed_each_forward():
    # backs: ema-pruning.md "The masked entries of `weight_orig` get zero gradients"
    torch.manual_seed(0)
    layer = nn.Linear(4, 4)
    prune.l1_unstructured(layer, "weight", amount=0.5)
    layer(torch.randn(3, 4)).sum().backward()
    mask = layer.weight_mask == 0
    assert torch.equal(layer.weight_orig.grad[mask], torch.zeros(int(mask.sum())))
    # backs: ema-pruning.md "registers a forward pre-hook that computes `weight = weight_orig * weight_mask`"
    with torch.no_grad():
        layer.weight_orig.add_(1.0)
    layer(torch.randn(1, 4))
    assert torch.equal(layer.weight, layer.weight_orig * layer.weight_mask)


def test_f05_remove_keeps_the_same_parameter_object():
    # backs: ema-pruning.md "becomes the parameter `weight` (the same object again)"
    layer = nn.Linear(4, 4)
    original = layer.weight
    prune.l1_unstructured(layer, "weight", amount=0.5)
    prune.remove(layer, "weight")
    assert layer.weight is original and isinstance(layer.weight, nn.Parameter)
    assert (layer.weight == 0).sum() == 8


def test_f05_a_pruned_state_dict_does_not_load_into_a_plain_model():
    # backs: ema-pruning.md "a plain model reports the `weight` keys as missing"
    layer = nn.Linear(4, 4)
    prune.l1_unstructured(layer, "weight", amount=0.5)
    result = nn.Linear(4, 4).load_state_dict(layer.state_dict(), strict=False)
    assert result.missing_keys == ["weight"] and sorted(result.unexpected_keys) == ["weight_mask", "weight_orig"]
    # backs: ema-pruning.md "loads only into a model pruned the same way"
    twin = nn.Linear(4, 4)
    prune.identity(twin, "weight")
    twin.load_state_dict(layer.state_dict())
    assert torch.equal(twin.weight_mask, layer.weight_mask)
