"""Claims on the Parameters-at-scale page (m05–m09) that the printed output alone does not prove."""

import math

import torch


def test_m05_meta_params_before_to_empty_and_none_after(snippet):
    ns = snippet("state/m05_meta_init")
    model = ns["model"]
    assert len(ns["on_meta"]) == 4 and all(ns["on_meta"]), "every parameter is on meta before to_empty"
    assert not any(p.is_meta for p in model.parameters())
    assert not any(b.is_meta for b in model.buffers())
    for layer in (model[0], model[2]):
        bound = 1 / math.sqrt(layer.in_features)
        assert layer.weight.abs().max() <= bound and layer.bias.abs().max() <= bound
        assert torch.isfinite(layer.weight).all() and layer.weight.std() > 0


# backs: state.md "`nn.MultiheadAttention` and `nn.Transformer` have only the private `_reset_parameters`"
def test_m05_reset_parameters_alone_leaves_attention_uninitialized_and_initialize_does_not(snippet):
    ns = snippet("state/m05_meta_init")
    assert ns["block"].self_attn.in_proj_weight.isfinite().all()
    with torch.device("meta"):
        block = torch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    block.to_empty(device="cpu")

    def poisoned():
        with torch.no_grad():
            for p in block.parameters():
                p.fill_(float("nan"))
        return block

    for module in poisoned().modules():  # the loop the page warns about
        if hasattr(module, "reset_parameters"):
            module.reset_parameters()
    left = {name for name, p in block.named_parameters() if p.isnan().any()}
    assert left == {"self_attn.in_proj_weight", "self_attn.in_proj_bias"}
    ns["initialize"](poisoned())
    assert not any(p.isnan().any() for p in block.parameters())
    attention = block.self_attn
    assert not attention.in_proj_bias.any() and not attention.out_proj.bias.any(), "as the constructor leaves them"
    bound = math.sqrt(6 / (8 + 3 * 8))  # xavier_uniform_ of the (3·8, 8) input projection
    assert attention.in_proj_weight.abs().max() <= bound
    assert block.linear1.bias.any() and block.norm1.weight.eq(1).all()


def test_m06_prefixed_checkpoint_loads_after_consuming_prefix(snippet):
    ns = snippet("state/m06_load_mismatched")
    trained, model = ns["trained"], ns["model"]
    for k, v in trained.state_dict().items():
        assert torch.equal(model.state_dict()[k], v)
    finetune = ns["finetune"]
    assert torch.equal(finetune[0].weight, trained[0].weight), "the matching layer was not loaded"
    assert ns["partial"].missing_keys == ["2.weight", "2.bias"] and not ns["partial"].unexpected_keys


def test_m06_assign_makes_meta_model_use_the_loaded_tensors(snippet):
    ns = snippet("state/m06_load_mismatched")
    empty, trained = ns["empty"], ns["trained"]
    assert not any(p.is_meta for p in empty.parameters())
    assert all(isinstance(p, torch.nn.Parameter) and p.requires_grad for p in empty.parameters())
    for k, v in trained.state_dict().items():
        assert torch.equal(empty.state_dict()[k], v)


def test_m07_loaded_safetensors_equal_saved(snippet):
    ns = snippet("state/m07_safetensors")
    saved = ns["model"].embed.state_dict()
    loaded = ns["loaded"]
    assert loaded.keys() == saved.keys()
    for k, v in saved.items():
        assert torch.equal(loaded[k].to(v.device), v)
    model, restored = ns["model"], ns["restored"]
    assert restored.head.weight is restored.embed.weight
    assert torch.equal(restored.embed.weight, model.embed.weight)


def test_m08_every_parameter_in_exactly_one_group(snippet):
    ns = snippet("state/m08_param_groups")
    model, optimizer = ns["model"], ns["optimizer"]
    grouped = [id(p) for group in optimizer.param_groups for p in group["params"]]
    assert len(grouped) == len(set(grouped)), "a parameter appears in two groups"
    assert set(grouped) == {id(p) for p in model.parameters() if p.requires_grad}, "a parameter is in no group"
    for group in optimizer.param_groups:
        for name, p in zip(group["param_names"], group["params"]):
            assert (group["weight_decay"] == 0) == (p.ndim < 2), f"{name} got the wrong weight decay"
            assert (group["lr"] == 1e-3) == name.startswith("head."), f"{name} got the wrong learning rate"


def test_m09_functional_call_leaves_parameters_unchanged(snippet):
    ns = snippet("state/m09_functional_call")
    model, before = ns["model"], ns["before"]
    for name, p in model.named_parameters():
        assert torch.equal(p, before[name]), f"functional_call changed {name}"
    assert any(p.abs().sum() > 0 for p in model.parameters())


def test_m09_vmap_ensemble_matches_one_by_one(snippet):
    ns = snippet("state/m09_functional_call")
    together, one_by_one = ns["together"], ns["one_by_one"]
    assert together.shape == (4, 5, 2)
    assert torch.allclose(together, one_by_one, atol=1e-6)
    assert not torch.allclose(together[0], together[1]), "the four models should differ"


# backs: state.md "with their dtype and device, as new `Parameter` objects: an optimizer created before the load still holds the old ones"
def test_m06_assign_replaces_the_parameters_so_an_earlier_optimizer_holds_stale_ones():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    old_weight = model.weight
    checkpoint = {k: torch.ones_like(v, dtype=torch.float64) for k, v in model.state_dict().items()}
    model.load_state_dict(checkpoint, assign=True)
    assert model.weight is not old_weight and model.weight.dtype == torch.float64
    assert all(p is not q for p, q in zip(optimizer.param_groups[0]["params"], model.parameters()))
    model(torch.rand(4, 3, dtype=torch.float64)).sum().backward()
    optimizer.step()
    assert model.weight.grad is not None
    assert model.weight.eq(1).all(), "the optimizer updated the old tensors, not the model"
