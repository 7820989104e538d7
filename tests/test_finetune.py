"""Claims of the page Fine-tuning: replace the head, swap layers, freeze, summarize (f01, f06)
that the printed output alone does not prove."""

import copy

import pytest
import torch
from torch import nn

# f01 ---------------------------------------------------------------------------------------


def test_f01_loading_into_a_model_built_for_other_classes_fails_on_the_head(snippet):
    # backs: finetune.md "fails on the head's shape"
    ns = snippet("finetune/f01_model_surgery")
    with pytest.raises(RuntimeError, match="size mismatch for fc.weight"):
        ns["Net"](num_classes=3).load_state_dict(ns["pretrained"])


def test_f01_identity_returns_its_input_and_has_no_parameters():
    # backs: finetune.md "`nn.Identity` returns its input and has no parameters"
    x = torch.randn(2, 3)
    assert nn.Identity()(x) is x and list(nn.Identity().parameters()) == []


def test_f01_setattr_with_a_dotted_name_leaves_the_layer_and_adds_unused_children(snippet):
    # backs: finetune.md "two stray modules hang off the top, unused by `forward`"
    ns = snippet("finetune/f01_model_surgery")
    broken = ns["broken"]
    assert isinstance(broken.features[2], nn.ReLU) and isinstance(broken.features[4], nn.ReLU)
    assert isinstance(broken.get_submodule("features").get_submodule("2"), nn.ReLU)
    calls = []
    for name in ("features.2", "features.4"):
        broken._modules[name].register_forward_hook(lambda *args: calls.append(1))
    broken.eval()(ns["X"])
    assert calls == [], "the stray children are never called"


def test_f01_set_submodule_strict_raises_on_a_missing_name_and_the_default_adds_one():
    # backs: finetune.md "`strict=True` raises `AttributeError` if the name does not exist"
    net = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    with pytest.raises(AttributeError):
        net.set_submodule("2", nn.GELU(), strict=True)
    # backs: finetune.md "the default `strict=False` would quietly add a new submodule for a mistyped name"
    net.set_submodule("2", nn.GELU())
    assert [name for name, _ in net.named_children()] == ["0", "1", "2"]


def test_f01_train_switches_the_frozen_batchnorm_back(snippet):
    # backs: finetune.md "call it again after every `model.train()`"
    model = copy.deepcopy(snippet("finetune/f01_model_surgery")["model"])
    assert not model.features[1].training
    model.train()
    assert model.features[1].training


def test_f01_an_optimizer_built_before_the_new_head_never_trains_it(snippet):
    # backs: finetune.md "would still hold the old head's parameters and never train the new one"
    ns = snippet("finetune/f01_model_surgery")
    model = ns["Net"]().to(ns["X"].device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.fc = nn.Linear(model.fc.in_features, 3).to(ns["X"].device)
    before = model.fc.weight.detach().clone()
    nn.functional.cross_entropy(model(ns["X"]), ns["y"]).backward()
    opt.step()
    assert torch.equal(model.fc.weight.detach(), before)
    assert not any(p is model.fc.weight for p in opt.param_groups[0]["params"])


def test_f01_the_optimizer_holds_exactly_the_trainable_parameters(snippet):
    # backs: finetune.md "from the trainable parameters only, with one group per learning rate"
    ns = snippet("finetune/f01_model_surgery")
    held = [p for group in ns["optimizer"].param_groups for p in group["params"]]
    trainable = [p for p in ns["model"].parameters() if p.requires_grad]
    assert len(held) == len(trainable) and all(any(p is q for q in held) for p in trainable)


# f06 ---------------------------------------------------------------------------------------


def test_f06_a_containers_hook_repeats_its_last_layers_output():
    # backs: finetune.md "a container's hook would repeat its last layer's output"
    inner = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    seen = {}
    for name, m in (("inner", inner), ("relu", inner[1])):
        m.register_forward_hook(lambda m, a, out, name=name: seen.update({name: out}))
    inner(torch.ones(1, 2))
    assert seen["inner"] is seen["relu"]


def test_f06_the_hooks_are_removed_even_if_the_forward_pass_raises(snippet):
    # backs: finetune.md "The `finally` removes every hook, even if the forward pass raises"
    ns = snippet("finetune/f06_model_summary")
    model = copy.deepcopy(ns["model"])
    with pytest.raises(RuntimeError):
        ns["summary"](model, torch.randn(2, 5, 7))  # floats: the embedding refuses them
    assert sum(len(m._forward_hooks) for m in model.modules()) == 0


def test_f06_summing_over_modules_with_recursion_counts_nested_parameters_again(snippet):
    # backs: finetune.md "counts every parameter once per enclosing module"
    net = nn.Sequential(nn.Sequential(nn.Linear(2, 2)))
    once = sum(p.numel() for p in net.parameters())
    assert sum(p.numel() for m in net.modules() for p in m.parameters()) == 3 * once
    # backs: finetune.md "`parameters()` yields each tensor once, tied ones included"
    model = snippet("finetune/f06_model_summary")["model"]
    assert sum(p.numel() for p in model.parameters()) == 37_256
    assert model[5].weight is model[0].weight
