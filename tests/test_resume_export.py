"""Claims of the page Resume training exactly, export to ONNX (f07, f11) that the printed
output alone does not prove."""

import contextlib
import io
import logging
import os
import random
import warnings

import numpy as np
import pytest
import torch
from torch import nn

# f07 ---------------------------------------------------------------------------------------


def test_f07_a_disabled_scaler_has_an_empty_state_and_no_cuda_means_no_gpu_states():
    # backs: resume-export.md "On the CPU it is disabled and its `state_dict()` is `{}`"
    assert torch.amp.GradScaler("cpu", enabled=False).state_dict() == {}
    # backs: resume-export.md "an empty list without CUDA"
    if not torch.cuda.is_available():
        assert torch.cuda.get_rng_state_all() == []


def test_f07_numpys_state_loads_with_safe_globals():
    # backs: resume-export.md "the other way is `torch.serialization.safe_globals([...])`"
    buffer = io.BytesIO()
    torch.save({"numpy": np.random.get_state()}, buffer)
    buffer.seek(0)
    unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(buffer)
    allowed = [np.ndarray, np.dtype, type(np.dtype(np.uint32)), np._core.multiarray._reconstruct]
    buffer.seek(0)
    with torch.serialization.safe_globals(allowed):
        state = torch.load(buffer)["numpy"]
    assert sorted(unsafe) == ["numpy._core.multiarray._reconstruct", "numpy.dtype", "numpy.ndarray"]
    assert np.array_equal(state[1], np.random.get_state()[1])


def test_f07_without_the_states_the_seeded_script_replays_the_first_steps(snippet):
    # backs: resume-export.md "the resumed run draws the same batches, noise and masks as steps 1 to 3 did"
    t = snippet("resume-export/f07_resume_exactly")["t"]

    def states():
        return random.getstate(), np.random.get_state()[1].tolist(), torch.get_rng_state()

    t["seed_everything"](0)
    t["build"]()  # the first run: seed, build, then step 1 draws
    python, numpy, torch_state = states()
    t["seed_everything"](0)
    t["build"]()  # the fresh process: seed, then build inside resume(); without the states, nothing else
    assert states()[0] == python and states()[1] == numpy and torch.equal(states()[2], torch_state)


def test_f07_steplr_halved_after_the_second_step_and_a_fresh_scheduler_starts_at_0_01(snippet):
    # backs: resume-export.md "halved the learning rate after the second step"
    t = snippet("resume-export/f07_resume_exactly")["t"]
    _, opt, sched, _ = t["build"]()
    lrs = []
    for _ in range(3):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    assert lrs == [0.01, 0.005, 0.005]
    # backs: resume-export.md "the resumed run would restart at 0.01"
    assert t["build"]()[2].get_last_lr() == [0.01]


def test_f07_a_dataloaders_order_and_worker_seeds_come_from_its_generator():
    # backs: resume-export.md "the shuffled order and the seeds of its worker processes are drawn from it"
    from torch.utils.data import DataLoader

    g = torch.Generator().manual_seed(0)
    state = g.get_state()
    loader = DataLoader(list(range(10)), batch_size=5, shuffle=True, generator=g)
    first = iter(loader)
    first_batch = next(first).tolist()
    g.set_state(state)
    again = iter(loader)
    assert first._base_seed == again._base_seed and next(again).tolist() == first_batch


# f11 ---------------------------------------------------------------------------------------


def _export_capturing(model, X):
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger("torch.onnx")
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    out = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
            warnings.simplefilter("always")
            torch.onnx.export(model, (X,), dynamo=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return records, caught, out.getvalue()


def test_f11_what_the_snippet_silences_is_there_without_it():
    records, caught, printed = _export_capturing(nn.Linear(2, 2).eval(), torch.rand(1, 2))
    # backs: resume-export.md "torchvision is not installed. Skipping torchvision::nms"
    try:
        import torchvision  # noqa: F401
    except ImportError:
        assert "torchvision is not installed. Skipping torchvision::nms" in records
    # backs: resume-export.md "drops the progress lines (`[torch.onnx] Run decompositions...`)"
    assert "[torch.onnx] Run decompositions..." in printed.splitlines()
    # backs: resume-export.md "torch 2.13 deprecated its own `LeafSpec` class but still copies one"
    leafspec = [w for w in caught if "isinstance(treespec, LeafSpec)" in str(w.message)]
    if torch.__version__.startswith("2.13"):
        assert leafspec and all(w.category is FutureWarning for w in leafspec)


def test_f11_one_file_up_to_1536_mib_although_the_docstring_says_2_gb():
    # backs: resume-export.md "its docstring says 2 GB; the code's limit is 1536 MiB"
    from torch.onnx._internal.exporter import _onnx_program

    assert _onnx_program._LARGE_MODEL_THRESHOLD == 1536 * 1024 * 1024
    assert "larger than 2GB" in torch.onnx.ONNXProgram.save.__doc__


def test_f11_the_batchnorm_is_folded_into_the_first_gemm(snippet):
    # backs: resume-export.md "the exporter folded the BatchNorm into the first `Gemm`"
    import onnx.numpy_helper

    ns = snippet("resume-export/f11_onnx_export")
    model = ns["model"].cpu()
    init = {i.name: torch.tensor(onnx.numpy_helper.to_array(i)) for i in ns["program"].model_proto.graph.initializer}
    bn = model[1]
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    with torch.no_grad():
        assert torch.allclose(init["0.weight"], model[0].weight * scale[:, None], atol=1e-6)
        assert torch.allclose(init["0.bias"], (model[0].bias - bn.running_mean) * scale + bn.bias, atol=1e-6)
        assert torch.equal(init["3.weight"], model[3].weight)


def test_f11_the_model_file_without_its_data_file_fails_to_load(snippet, tmp_path):
    # backs: resume-export.md "Copied alone, the model fails to load (`External data path does not exist`)"
    import onnxruntime

    ns = snippet("resume-export/f11_onnx_export")
    path = tmp_path / "model.onnx"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"`isinstance\(treespec, LeafSpec\)` is deprecated", FutureWarning)
        torch.onnx.export(ns["model"].cpu(), (ns["X"].cpu(),), str(path), dynamo=True, verbose=False)
    os.remove(f"{path}.data")
    with pytest.raises(Exception, match="External data path does not exist"):
        onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_f11_torch_export_load_warns_against_untrusted_files():
    # backs: resume-export.md "`torch.export.load` uses pickle, and its documentation says never to load one from an untrusted source"
    doc = " ".join(torch.export.load.__doc__.split())
    assert "uses pickle under the hood" in doc and "Never load data from an untrusted source." in doc
