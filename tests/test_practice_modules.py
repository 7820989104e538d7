"""Claims of the page Parameters in practice: dtypes, buffers, ties, initialization (r04–r07):
each symptom, each fix, and the sentences of the prose that the printed output does not show."""

import io

import pytest
import torch
from torch import nn

# r04 ---------------------------------------------------------------------------------------


def test_r04_to_rejects_integer_dtypes():
    # backs: practice-modules.md "`net.to(torch.int64)` would raise `TypeError`"
    with pytest.raises(TypeError, match="only accepts floating point or complex"):
        nn.Linear(2, 2).to(torch.int64)


@pytest.mark.parametrize("method, dtype", [("half", torch.float16), ("float", torch.float32), ("double", torch.float64), ("bfloat16", torch.bfloat16)])
def test_r04_half_float_double_bfloat16_touch_floating_tensors_only(method, dtype):
    # backs: practice-modules.md "touch floating tensors only"
    m = nn.BatchNorm1d(2)
    m.phase = nn.Parameter(torch.tensor([1 + 2j]))
    getattr(m, method)()
    assert m.weight.dtype == dtype and m.running_mean.dtype == dtype
    assert m.phase.dtype == torch.complex64 and m.num_batches_tracked.dtype == torch.int64


def test_r04_complex_to_real_warns_once_and_keeps_the_real_part(snippet):
    # backs: practice-modules.md "keeps the real part, with a warning"
    ns = snippet("practice-modules/r04_dtype_conversion")
    assert len(ns["caught"]) == 1


def test_r04_complex_to_real_warning_is_once_per_process_unless_warn_always():
    # backs: practice-modules.md "once per process: an earlier cast (in a notebook, say) would hide it"
    import warnings

    before = torch.is_warn_always_enabled()

    def warned():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.tensor([1 + 2j]).to(torch.float32)
        return len(caught)

    try:
        torch.set_warn_always(False)
        warned()
        assert warned() == 0, "the second time in a process: no warning"
        torch.set_warn_always(True)
        assert warned() == 1 and warned() == 1
    finally:
        torch.set_warn_always(before)


def test_r04_assigned_model_rejects_float32_inputs(snippet):
    # backs: practice-modules.md "inputs of another dtype fail"
    model = snippet("practice-modules/r04_dtype_conversion")["model"]
    with pytest.raises(RuntimeError):
        model(torch.ones(1, 2, device=model.weight.device))


def test_r04_assign_adopts_the_checkpoints_device_plain_load_keeps_the_models(device):
    # backs: practice-modules.md "brings its device with it in the same way"
    model = nn.Linear(2, 2, device=device)
    model.load_state_dict({k: v.cpu() for k, v in nn.Linear(2, 2).state_dict().items()})
    assert model.weight.device.type == device
    model.load_state_dict({k: v.to("meta") for k, v in model.state_dict().items()}, assign=True)
    assert model.weight.is_meta and isinstance(model.weight, nn.Parameter)


# r05 ---------------------------------------------------------------------------------------


def test_r05_buffer_attribute_equals_register_buffer():
    # backs: practice-modules.md "it is the same as [`register_buffer`]"
    class A(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = nn.Buffer(torch.ones(3))
            self.cache = nn.Buffer(torch.zeros(3), persistent=False)

    class B(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("scale", torch.ones(3))
            self.register_buffer("cache", torch.zeros(3), persistent=False)

    a, b = A(), B()
    assert list(a.state_dict()) == list(b.state_dict()) == ["scale"]
    assert [n for n, _ in a.named_buffers()] == [n for n, _ in b.named_buffers()]
    assert type(a.scale) is torch.Tensor, "the attribute is then a plain tensor"
    assert a.to(torch.float64).cache.dtype == torch.float64, "a non-persistent buffer moves with .to()"


def test_r05_extra_state_loads_with_weights_only(snippet):
    # backs: practice-modules.md "they load with `torch.load`'s default `weights_only=True`"
    ns = snippet("practice-modules/r05_buffer_extra_state")
    saved = ns["SavedTokenizer"](["<pad>", "hi"])
    f = io.BytesIO()
    torch.save(saved.state_dict(), f)
    f.seek(0)
    fresh = ns["SavedTokenizer"]([])
    fresh.load_state_dict(torch.load(f))  # weights_only=True by default
    assert fresh.vocab == ["<pad>", "hi"]
# r06 ---------------------------------------------------------------------------------------


def test_r06_assign_unties_to_dtype_keeps_the_tie(snippet):
    # backs: practice-modules.md "`load_state_dict(..., assign=True)` from a tied checkpoint gives two `Parameter` objects"
    # backs: practice-modules.md "`.to(dtype)` keeps the tie"
    TinyLM = snippet("practice-modules/r06_tying_surgery")["TinyLM"]
    lm = TinyLM()
    lm.load_state_dict(TinyLM().state_dict(), assign=True)
    assert lm.head.weight is not lm.embed.weight and len(list(lm.parameters())) == 2
    lm = TinyLM().to(torch.float64)
    assert lm.head.weight is lm.embed.weight


def test_r06_untied_model_still_has_both_keys_and_trains_apart(snippet):
    # backs: practice-modules.md "`state_dict()` still has both keys, so nothing looks wrong"
    TinyLM = snippet("practice-modules/r06_tying_surgery")["TinyLM"]
    with torch.device("meta"):
        lm = TinyLM()
    lm.to_empty(device="cpu")
    assert list(lm.state_dict()) == ["embed.weight", "head.weight"]
    lm.load_state_dict(TinyLM().state_dict())  # all keys match: no error
    opt = torch.optim.SGD(lm.parameters(), lr=1.0)
    lm.head(lm.embed(torch.tensor([1]))).sum().backward()
    opt.step()
    assert not torch.equal(lm.head.weight, lm.embed.weight), "the two copies now differ"


def test_r06_apply_visits_embed_then_head_and_init_by_name_keeps_one_init(snippet):
    # backs: practice-modules.md "the head's zeros win" (apply order: embed, then head)
    ns = snippet("practice-modules/r06_tying_surgery")
    assert [name for name, _ in ns["lm"].named_children()] == ["embed", "head"]
    lm = ns["lm"]
    assert lm.head.weight is lm.embed.weight
    assert lm.embed.weight.abs().max() < 0.2 and lm.embed.weight.abs().sum() > 0, "std 0.02, not zeros"


def test_r06_to_empty_gives_separate_memory_assign_from_a_tied_checkpoint_one_memory_stepped_twice(snippet):
    TinyLM = snippet("practice-modules/r06_tying_surgery")["TinyLM"]
    with torch.device("meta"):
        lm = TinyLM()
    lm.to_empty(device="cpu")
    # backs: practice-modules.md "`to_empty()` after building on the meta device gives the two names separate memory"
    assert lm.head.weight.data_ptr() != lm.embed.weight.data_ptr()
    assert lm.head.weight.untyped_storage().data_ptr() != lm.embed.weight.untyped_storage().data_ptr()

    torch.manual_seed(0)
    tied = TinyLM()
    file = io.BytesIO()
    torch.save(tied.state_dict(), file)

    def load():  # a fresh dict each time: assign=True hands its tensors to the model (and marks the dict)
        file.seek(0)
        return torch.load(file)

    checkpoint = load()
    # backs: practice-modules.md "`torch.save` keeps the sharing, so both keys of the tied checkpoint load as one storage"
    assert checkpoint["head.weight"].data_ptr() == checkpoint["embed.weight"].data_ptr()
    aliased = TinyLM()
    aliased.load_state_dict(checkpoint, assign=True)
    head, embed = aliased.head.weight, aliased.embed.weight
    # backs: practice-modules.md "`is` says untied, `data_ptr()` says tied"
    assert head is not embed and head.data_ptr() == embed.data_ptr()
    # backs: practice-modules.md "`parameters()` yields both"
    assert [p for p in aliased.parameters()] == [embed, head]

    # backs: practice-modules.md "which every optimizer step then updates twice"
    # backs: practice-modules.md "writes into it twice per step"
    tokens = torch.tensor([1, 2, 3])
    start = embed.detach().clone()
    opt = torch.optim.SGD(aliased.parameters(), lr=1.0)
    aliased.head(aliased.embed(tokens)).sum().backward()
    assert not torch.equal(embed.grad, head.grad), "each Parameter gets only its own use's gradient"
    opt.step()
    assert torch.allclose(embed.detach(), start - embed.grad - head.grad), "one memory, both updates"
    assert torch.equal(head.detach(), embed.detach())

    # backs: practice-modules.md "Plain SGD, momentum included, adds the two updates up to the tied model's step"
    # backs: practice-modules.md "with weight decay (applied twice) or Adam (two sets of moments) the result differs"
    cases = [  # (optimizer, does the aliased model end where the tied one does?)
        (lambda ps: torch.optim.SGD(ps, lr=0.1), True),
        (lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9), True),
        (lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.1), False),
        (lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.0), False),
    ]
    for make, same in cases:
        a, t = TinyLM(), TinyLM()
        a.load_state_dict(load(), assign=True)
        t.load_state_dict(load())
        assert t.head.weight is t.embed.weight and len(list(t.parameters())) == 1
        opts = [make(m.parameters()) for m in (a, t)]
        for _ in range(3):  # momentum acts from the second step on
            for m, o in zip((a, t), opts):
                o.zero_grad()
                m.head(m.embed(tokens)).sum().backward()
                o.step()
        assert torch.allclose(a.embed.weight, t.embed.weight) == same


# r07 ---------------------------------------------------------------------------------------


def test_r07_every_parameter_init_gives_usual_values(snippet):
    # backs: practice-modules.md "a rule per layer type, then by shape"
    ns = snippet("practice-modules/r07_init_coverage")
    layer = ns["layer"]
    assert torch.equal(layer.norm1.weight, torch.ones_like(layer.norm1.weight))
    assert not layer.self_attn.in_proj_bias.any()
    assert layer.self_attn.in_proj_weight.abs().max() <= (6 / (24 + 8)) ** 0.5


def test_r07_reset_loop_after_to_empty_leaves_attention_weights_uninitialized():
    # backs: practice-modules.md "leaves those weights as they were"
    with torch.device("meta"):
        layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    layer.to_empty(device="cpu")
    with torch.no_grad():
        layer.self_attn.in_proj_weight.fill_(123.0)  # stands for "whatever was in memory"
    for module in layer.modules():
        if hasattr(module, "reset_parameters"):
            module.reset_parameters()
    assert (layer.self_attn.in_proj_weight == 123.0).all()


def test_r07_attention_keeps_its_input_projections_as_its_own_parameters():
    # backs: practice-modules.md "`q_proj_weight`, `k_proj_weight`, `v_proj_weight` when `kdim` or `vdim` differ"
    same = nn.MultiheadAttention(8, 2)
    assert [n for n, _ in same.named_parameters(recurse=False)] == ["in_proj_weight", "in_proj_bias"]
    other = nn.MultiheadAttention(8, 2, kdim=4, vdim=4)
    own = [n for n, _ in other.named_parameters(recurse=False)]
    assert own == ["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias"]
    # backs: practice-modules.md "In attention it misses most of the weights"
    linear = sum(p.numel() for p in same.out_proj.parameters())
    assert sum(p.numel() for p in same.parameters(recurse=False)) > linear
