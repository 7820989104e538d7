"""Claims of the page Parameters in practice: checkpoints, clipping, memory (r08–r10): each
symptom, each fix, and the sentences of the prose that the printed output does not show."""

import io

import pytest
import torch
from torch import nn

# r08 ---------------------------------------------------------------------------------------


def test_r08_hook_arguments_are_as_the_page_says():
    # backs: practice-training.md "the local metadata, the strictness flag and the lists of missing keys"
    # backs: practice-training.md "inside the `Sequential` below only those starting with `"0."`"
    seen = {}

    def hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
        seen.update(keys=list(state_dict), prefix=prefix, metadata=local_metadata, strict=strict,
                    lists=(missing_keys, unexpected_keys, error_msgs))

    outer = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    outer[0].register_load_state_dict_pre_hook(hook)
    outer.load_state_dict(outer.state_dict())
    assert seen["prefix"] == "0." and seen["strict"] is True and all(isinstance(x, list) for x in seen["lists"])
    assert seen["keys"] == ["0.weight", "0.bias"], "only its own entries, with their full keys"
    assert isinstance(seen["metadata"], dict) and "version" in seen["metadata"]
    top = []
    outer.register_load_state_dict_pre_hook(lambda module, state_dict, prefix, *args: top.append((prefix, len(state_dict))))
    outer.load_state_dict(outer.state_dict())
    assert top == [("", 4)], "at the top: every entry"


def test_r08_filtered_checkpoint_loads_with_strict_false_missing_the_frozen(snippet):
    # backs: practice-training.md "needs `strict=False`, and `missing_keys` then lists the frozen ones"
    ns = snippet("practice-training/r08_state_dict_hooks")
    saved = ns["net"].state_dict()
    fresh = ns["NetV2"]()
    with pytest.raises(RuntimeError, match="Missing key"):
        fresh.load_state_dict(saved)
    result = fresh.load_state_dict(saved, strict=False)
    assert result.missing_keys == ["body.weight", "body.bias"] and not result.unexpected_keys


def test_r08_state_dict_entries_are_detached_tensors_sharing_memory(snippet):
    # backs: practice-training.md "a new detached tensor that shares the parameter's memory"
    net = snippet("practice-training/r08_state_dict_hooks")["net"]
    entry = net.state_dict()["head.weight"]
    assert not entry.requires_grad and type(entry) is torch.Tensor
    assert entry.data_ptr() == net.head.weight.data_ptr()


def test_r08_renamed_checkpoint_really_loads_the_values(snippet):
    ns = snippet("practice-training/r08_state_dict_hooks")
    model = ns["NetV2"]()
    model.load_state_dict(ns["old"])
    assert torch.equal(model.head.weight, ns["old"]["fc.weight"])


# r09 ---------------------------------------------------------------------------------------


def test_r09_returns_the_norm_before_clipping_and_leaves_small_gradients_alone():
    # backs: practice-training.md "if it exceeds `max_norm` scales them all down"
    w = nn.Parameter(torch.zeros(2))
    w.grad = torch.tensor([3.0, 4.0])
    assert nn.utils.clip_grad_norm_([w], max_norm=10.0).item() == 5.0
    assert torch.equal(w.grad, torch.tensor([3.0, 4.0])), "below max_norm: unchanged"
    assert nn.utils.clip_grad_norm_([w], max_norm=1.0).item() == 5.0, "the norm before clipping"
    assert torch.allclose(w.grad, torch.tensor([0.6, 0.8]))


def test_r09_the_scale_factor_is_max_norm_over_norm_plus_1e_6(snippet):
    # backs: practice-training.md "a hair less: the scale factor is `max_norm / (norm + 1e-6)`"
    w = nn.Parameter(torch.zeros(2, dtype=torch.float64))
    w.grad = torch.tensor([3.0, 4.0], dtype=torch.float64)
    nn.utils.clip_grad_norm_([w], max_norm=1.0)
    assert torch.allclose(w.grad, torch.tensor([3.0, 4.0], dtype=torch.float64) / (5 + 1e-6), rtol=0, atol=1e-15)
    assert torch.linalg.vector_norm(w.grad).item() < 1.0
    ns = snippet("practice-training/r09_clip_grad")
    assert ns["total"].item() > 1.0, "the snippet's norm is clipped"


def test_r09_nonfinite_gradients_put_nan_into_the_weights():
    # backs: practice-training.md "the next `step()` would write `nan` into the weights"
    w = nn.Parameter(torch.ones(2))
    w.grad = torch.tensor([float("inf"), 1.0])
    nn.utils.clip_grad_norm_([w], max_norm=1.0)
    torch.optim.SGD([w], lr=0.1).step()
    assert w.isnan().any()


def test_r09_scaler_step_skips_nonfinite_gradients():
    # backs: practice-training.md "`scaler.step` skips the step if it finds `inf` or `nan` gradients"
    w = nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([w], lr=0.1)
    scaler = torch.amp.GradScaler("cpu")
    scaler.scale((w * torch.tensor([float("inf"), 1.0])).sum()).backward()
    scaler.step(opt)
    scaler.update()
    assert torch.equal(w.detach(), torch.ones(2)) and scaler.get_scale() < 65536.0


def test_r09_scaled_norm_is_scale_times_the_true_norm(snippet):
    # backs: practice-training.md "`GradScaler` multiplies the loss, so the gradients are scaled too"
    ns = snippet("practice-training/r09_clip_grad")
    assert ns["scaler"].get_scale() == 65536.0
    ref, _ = ns["fresh"]()
    nn.functional.mse_loss(ref(ns["X"]), ns["y"]).backward()
    true = ns["norm"](p.grad for p in ref.parameters())
    assert torch.isclose(true, torch.tensor(178.0924, device=true.device), rtol=1e-4)


# r10 ---------------------------------------------------------------------------------------


def test_r10_adam_state_is_created_at_the_first_step_and_sgd_keeps_less():
    # backs: practice-training.md "created at the first `step()`. SGD with momentum keeps one buffer"
    net = nn.Linear(4, 2)
    net(torch.ones(1, 4)).sum().backward()
    adam = torch.optim.Adam(net.parameters())
    assert len(adam.state) == 0
    adam.step()
    assert all(set(s) == {"step", "exp_avg", "exp_avg_sq"} for s in adam.state.values())
    momentum = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    momentum.step()
    assert all(set(s) == {"momentum_buffer"} for s in momentum.state.values())
    plain = torch.optim.SGD(net.parameters(), lr=0.1)
    plain.step()
    assert all(s.get("momentum_buffer") is None for s in plain.state.values())


def test_r10_sixteen_bytes_per_number_and_the_7b_example(snippet):
    # backs: practice-training.md "16 bytes per number: 112 GB for a 7-billion-parameter model"
    ns = snippet("practice-training/r10_training_memory")
    assert ns["params"] + ns["grads"] + ns["state"] - 4 * len(ns["opt"].state) == 4 * ns["params"]
    assert (4 + 4 + 8) * 7e9 == 112e9


def test_r10_bfloat16_loses_updates_below_half_the_gap():
    # backs: practice-training.md "between 1/512 and 1/256 of the weight depending on its value"
    # backs: practice-training.md pitfall "an update smaller than half the gap to the next `bfloat16` number is rounded away"
    assert torch.finfo(torch.bfloat16).eps == 2**-7, "8 significant bits"
    for w in (1.0, 1.5, 1.99, 0.03, 300.0):
        w = torch.tensor(w, dtype=torch.bfloat16)
        assert w + w / 513 == w, "below 1/512 of the weight: always lost"
        assert w + w / 255 != w, "above 1/256 of the weight: never lost"
    near_two = torch.tensor(1.99, dtype=torch.bfloat16)
    assert near_two + near_two / 300 != near_two, "1/300 is kept near the top of a binade"
    one = torch.tensor(1.0, dtype=torch.bfloat16)
    assert one + one / 300 == one, "and lost at its bottom"


def test_r10_autocast_keeps_float32_parameters_and_computes_in_bfloat16():
    # backs: practice-training.md "Mixed precision keeps the parameters and the optimizer state in `float32`"
    net = nn.Linear(4, 2)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        Y = net(torch.ones(1, 4))
    assert Y.dtype == torch.bfloat16 and net.weight.dtype == torch.float32
    Y.float().sum().backward()
    opt = torch.optim.Adam(net.parameters())
    opt.step()
    assert net.weight.grad.dtype == torch.float32 and opt.state[net.weight]["exp_avg"].dtype == torch.float32


def test_r10_adam_state_dict_holds_step_exp_avg_exp_avg_sq_per_parameter():
    # backs: practice-training.md "plus one `step` counter per parameter tensor (a 0-d `float32` tensor"
    net = nn.Linear(2, 1)
    opt = torch.optim.Adam(net.parameters())
    net(torch.ones(1, 2)).sum().backward()
    opt.step()
    f = io.BytesIO()
    torch.save(opt.state_dict(), f)
    f.seek(0)
    state = torch.load(f)["state"]  # weights_only=True: a training checkpoint keeps it as is
    assert sorted(state) == [0, 1] and all(set(s) == {"step", "exp_avg", "exp_avg_sq"} for s in state.values())
    assert all(s["step"].shape == () and s["step"].dtype == torch.float32 for s in state.values())
