"""Claims of the Checkpoints and export page that the printed output alone does not prove."""

import io
import zipfile

import pytest
import torch


def _same(a, b):
    if isinstance(a, torch.Tensor):
        return torch.equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b))
    return a == b


def test_s06_loaded_optimizer_state_equals_the_saved_one(snippet):
    ns = snippet("checkpoints/s06_training_checkpoint")
    make, train = ns["make"], ns["train"]
    with torch.device(ns["X"].device):  # the snippet's data lives on the device it ran under
        net, opt = make(seed=0)
        train(net, opt, 3)
        net2, opt2 = make(seed=1)
    buffer = io.BytesIO()
    torch.save({"epoch": 3, "model": net.state_dict(), "optimizer": opt.state_dict()}, buffer)
    buffer.seek(0)
    checkpoint = torch.load(buffer)
    assert not _same(opt2.state_dict(), opt.state_dict())
    net2.load_state_dict(checkpoint["model"])
    opt2.load_state_dict(checkpoint["optimizer"])
    assert _same(opt2.state_dict(), opt.state_dict())
    assert all(s["step"].item() == 3 for s in opt2.state_dict()["state"].values())
    assert _same(net2.state_dict(), net.state_dict())


def test_s06_after_resuming_both_runs_end_in_the_same_state(snippet):
    ns = snippet("checkpoints/s06_training_checkpoint")
    assert ns["checkpoint"]["epoch"] == 3
    assert _same(ns["opt2"].state_dict(), ns["opt"].state_dict())
    assert not _same(ns["opt3"].state_dict(), ns["opt"].state_dict())
    assert all(s["step"].item() == 6 for s in ns["opt2"].state_dict()["state"].values())


def test_s06_resumed_training_equals_uninterrupted_and_model_only_does_not(snippet):
    ns = snippet("checkpoints/s06_training_checkpoint")
    runs = ns["runs"]
    assert runs["resumed"] == runs["uninterrupted"]
    assert runs["model only"][0] == runs["uninterrupted"][0]
    assert runs["model only"][1:] != runs["uninterrupted"][1:]
    # the weights after resuming are the uninterrupted run's, bit for bit
    assert _same(ns["net2"].state_dict(), ns["net"].state_dict())
    assert not _same(ns["net3"].state_dict(), ns["net"].state_dict())


def test_s07_map_location_loads_on_cpu_with_equal_values(snippet):
    ns = snippet("checkpoints/s07_map_location")
    state, net = ns["state"], ns["net"]
    assert {t.device.type for t in state.values()} == {"cpu"}
    assert all(torch.equal(state[k], v.cpu()) for k, v in net.state_dict().items())
    assert ns["locations"] == {str(net.weight.device) if net.weight.is_cuda else "cpu"}


def test_s08_loaded_program_equals_the_model_without_its_class(snippet):
    ns = snippet("checkpoints/s08_export")
    net, loaded, X = ns["net"], ns["loaded"], ns["X"]
    assert isinstance(loaded, torch.nn.Module) and not isinstance(loaded, torch.nn.Sequential)
    assert torch.equal(loaded(X), net(X))
    X5 = torch.rand(5, 4, device=X.device)
    assert torch.allclose(loaded(X5), net(X5))
    weights = dict(loaded.named_parameters())
    assert all(torch.equal(weights[k], v) for k, v in net.named_parameters())
    fixed = torch.export.export(net, (X,)).module()  # without dynamic_shapes
    if _release() < (2, 9):  # backs: checkpoints.md "torch 2.8 and earlier raise a `RuntimeError` instead"
        with pytest.raises(RuntimeError, match=r"Expected input at \*args\[0\]\.shape\[0\] to be equal to 3, but got 5"):
            fixed(X5)
        return
    with pytest.raises(AssertionError, match=r"Guard failed: input.size\(\)\[0\] == 3"):
        fixed(X5)


def test_s09_any_suffix_is_the_same_zip_format_and_a_buffer_works(snippet):
    ns = snippet("checkpoints/s09_paths")
    buffer = io.BytesIO()
    torch.save(ns["state"], buffer)
    assert zipfile.is_zipfile(buffer)
    buffer.seek(0)
    assert torch.equal(torch.load(buffer)["w"], ns["state"]["w"])


# backs: checkpoints.md pitfall "resuming without the optimizer's state" (a new optimizer is fine once its state is loaded)
def test_s06_a_new_optimizer_resumes_exactly_once_its_state_is_loaded(snippet):
    ns = snippet("checkpoints/s06_training_checkpoint")
    assert ns["opt2"] is not ns["opt"], "the resumed run uses a newly created optimizer"
    assert ns["runs"]["resumed"] == ns["runs"]["uninterrupted"]
    assert ns["runs"]["model only"] != ns["runs"]["uninterrupted"], "what goes wrong: the state was not loaded"


# backs: checkpoints.md "`torch.get_rng_state()` is the CPU generator's only"
def test_s06_get_rng_state_is_the_cpu_default_generator_only():
    assert torch.equal(torch.get_rng_state(), torch.default_generator.get_state())
    own = torch.Generator().manual_seed(1)  # e.g. the one passed to DataLoader(generator=...)
    state = torch.get_rng_state()
    first = torch.rand(3), torch.rand(3, generator=own)
    torch.set_rng_state(state)
    again = torch.rand(3), torch.rand(3, generator=own)
    assert torch.equal(first[0], again[0]), "the CPU generator is restored"
    assert not torch.equal(first[1], again[1]), "another generator is not"


# backs: checkpoints.md "each GPU has its own (`torch.cuda.get_rng_state_all()`)"
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA: the GPU generators")
def test_s06_get_rng_state_does_not_restore_the_gpu_generators():
    assert len(torch.cuda.get_rng_state_all()) == torch.cuda.device_count()
    state = torch.get_rng_state()
    first = torch.rand(3, device="cuda")
    torch.set_rng_state(state)
    assert not torch.equal(first, torch.rand(3, device="cuda"))


# backs: checkpoints.md "which keep their device and their dtype (a `float64` checkpoint is cast ... without a word). With `assign=True` the model takes the checkpoint's tensors"
def test_s07_normal_load_casts_to_the_model_dtype_and_assign_takes_the_checkpoint_dtype_and_device(recwarn):
    net = torch.nn.Linear(3, 2)
    state = {k: v.double() for k, v in net.state_dict().items()}
    net.load_state_dict(state)
    assert net.weight.dtype == torch.float32 and torch.equal(net.weight.double(), state["weight"])
    assert not recwarn.list, "the cast is silent"
    net.load_state_dict(state, assign=True)
    assert net.weight.dtype == torch.float64
    with torch.device("meta"):
        empty = torch.nn.Linear(3, 2)
    empty.load_state_dict(net.state_dict(), assign=True)
    assert empty.weight.device.type == "cpu", "the device came from the state dict"


def _round_trip(obj, **kwargs):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return torch.load(buffer, **kwargs)


# backs: checkpoints.md "torch's and Python's generator states load as they are ... NumPy's `np.random.get_state()` holds an `ndarray` ... `torch.load` raise `UnpicklingError`"
def test_s06_torch_and_python_rng_states_load_by_default_numpy_legacy_state_does_not():
    import pickle
    import random

    import numpy as np

    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    loaded = _round_trip(state)
    assert torch.is_tensor(state["torch"]) and isinstance(state["python"], tuple)
    assert torch.equal(loaded["torch"], state["torch"]) and loaded["python"] == state["python"]
    expected = torch.rand(3), random.random()
    torch.set_rng_state(loaded["torch"])
    random.setstate(loaded["python"])
    assert (torch.equal(torch.rand(3), expected[0]), random.random()) == (True, expected[1]), "they restore the streams"
    numpy_state = np.random.get_state()
    assert isinstance(numpy_state[1], np.ndarray)
    with pytest.raises(pickle.UnpicklingError, match="numpy"):
        _round_trip({"numpy": numpy_state})


# backs: checkpoints.md "Save it as plain data (`s = np.random.get_state(); (s[0], s[1].tolist(), *s[2:])`, which `np.random.set_state` accepts back)"
def test_s06_numpy_rng_state_as_plain_data_loads_and_restores_the_stream():
    import numpy as np

    s = np.random.get_state()
    loaded = _round_trip({"numpy": (s[0], s[1].tolist(), *s[2:])})["numpy"]
    expected = np.random.rand(3)
    np.random.set_state(loaded)
    assert np.array_equal(np.random.rand(3), expected)


# backs: checkpoints.md "or load within `torch.serialization.safe_globals([...])`: with NumPy 2.4 all four are needed, although ... `get_unsafe_globals_in_checkpoint` lists only the first three"
def test_s06_numpy_rng_state_loads_with_exactly_these_four_safe_globals():
    import pickle

    import numpy as np

    allowed = [np._core.multiarray._reconstruct, np.ndarray, np.dtype, np.dtypes.UInt32DType]
    state = np.random.get_state()
    with torch.serialization.safe_globals(allowed):
        loaded = _round_trip({"numpy": state})["numpy"]
    assert loaded[0] == state[0] and np.array_equal(loaded[1], state[1]) and loaded[2:] == state[2:]
    for missing in allowed:
        with torch.serialization.safe_globals([g for g in allowed if g is not missing]):
            with pytest.raises(pickle.UnpicklingError):
                _round_trip({"numpy": state})
    buffer = io.BytesIO()
    torch.save({"numpy": state}, buffer)
    buffer.seek(0)
    listed = torch.serialization.get_unsafe_globals_in_checkpoint(buffer)
    assert sorted(listed) == ["numpy._core.multiarray._reconstruct", "numpy.dtype", "numpy.ndarray"]


# backs: checkpoints.md "a batch of 5 fails a guard with an `AssertionError` ... which `except RuntimeError` does not catch"
def test_s08_the_guard_failure_is_not_a_runtime_error(snippet):
    ns = snippet("checkpoints/s08_export")
    net, X = ns["net"], ns["X"]
    fixed = torch.export.export(net, (X,)).module()
    if _release() < (2, 9):  # a RuntimeError (see above)
        return
    with pytest.raises(AssertionError):
        try:
            fixed(torch.rand(5, 4, device=X.device))
        except RuntimeError:
            pytest.fail("caught by except RuntimeError")
    assert not issubclass(AssertionError, RuntimeError)


# backs: checkpoints.md "the module `.module()` returns refuses to switch: its `.eval()` and `.train()` raise `NotImplementedError`"
def test_s08_the_exported_module_refuses_eval_and_train(snippet):
    loaded = snippet("checkpoints/s08_export")["loaded"]
    for switch in (loaded.eval, loaded.train):
        with pytest.raises(NotImplementedError, match="not supported"):
            switch()


# backs: checkpoints.md "it unpickles parts of the file (its docstring: never load data from an untrusted source): a crafted `.pt2` runs code when loaded"
def test_s08_export_load_unpickles_a_weight_marked_as_pickled(tmp_path):
    import json

    class RunsCode:
        def __reduce__(self):
            return (exec, (f"open({str(tmp_path / 'ran')!r}, 'w').write('ran')",))

    assert "Never load data from an untrusted source" in " ".join(torch.export.load.__doc__.split())
    honest = tmp_path / "honest.pt2"
    torch.export.save(torch.export.export(torch.nn.Linear(3, 2), (torch.rand(1, 3),)), honest)
    payload = io.BytesIO()
    torch.save(RunsCode(), payload)
    crafted = tmp_path / "crafted.pt2"
    with zipfile.ZipFile(honest) as src, zipfile.ZipFile(crafted, "w") as dst:
        config_name = next(n for n in src.namelist() if n.endswith("weights/model_weights_config.json"))
        config = json.loads(src.read(config_name))
        config["config"]["weight"]["use_pickle"] = True  # "this weight is a pickle": torch.load(weights_only=False)
        weight_name = config_name.rsplit("/", 1)[0] + "/" + config["config"]["weight"]["path_name"]
        for info in src.infolist():
            data = {config_name: json.dumps(config).encode(), weight_name: payload.getvalue()}.get(info.filename)
            dst.writestr(info, src.read(info.filename) if data is None else data)
    try:
        torch.export.load(crafted)
    except Exception:  # what happens after the code ran does not matter
        pass
    assert (tmp_path / "ran").read_text() == "ran"


def _release() -> tuple[int, int]:
    return tuple(int(n) for n in torch.__version__.split("+")[0].split(".")[:2])


def test_s08_torchscript_warns_by_release():
    """What the matrix found: no warning up to 2.9, a DeprecationWarning (hidden by default) from
    2.10 to 2.13, a FutureWarning (shown by default) from 2.14."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.jit.script(torch.nn.Linear(2, 2))
    categories = {w.category for w in caught if "torch.jit.script" in str(w.message)}
    # backs: checkpoints.md "Up to torch 2.9 `torch.jit.script` does not warn; from 2.10 to 2.13 it warns as here; from 2.14 the warning is a `FutureWarning`"
    expected = set() if _release() < (2, 10) else {DeprecationWarning} if _release() < (2, 14) else {FutureWarning}
    assert categories == expected
