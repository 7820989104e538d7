"""Claims of the File I/O page that the printed output alone does not prove."""

import io
import pickle

import pytest
import torch


def test_s01_loaded_tensor_equals_saved_one(snippet):
    ns = snippet("io/s01_tensor")
    x, x2 = ns["x"], ns["x2"]
    assert x2 is not x
    assert torch.equal(x2, x) and x2.dtype == x.dtype and x2.device == x.device


def test_s02_list_round_trips_and_views_keep_sharing(snippet):
    ns = snippet("io/s02_tensor_list")
    assert torch.equal(ns["x2"], ns["x"]) and torch.equal(ns["y2"], ns["y"])
    whole, view = ns["whole"], ns["view"]
    assert view.untyped_storage().data_ptr() == whole.untyped_storage().data_ptr()
    assert whole[0].item() == 100 and ns["x"][0].item() == 0  # the original was not touched


# backs: io.md "saving a slice saves the whole storage of the tensor it was cut from"
def test_s02_a_view_is_saved_with_its_whole_storage(snippet):
    big = snippet("io/s02_tensor_list")["big"]
    sizes = {}
    for name, t in [("view", big[:2]), ("clone", big[:2].clone())]:
        buffer = io.BytesIO()
        torch.save(t, buffer)
        sizes[name] = buffer.tell()
    assert sizes["view"] >= big.numel() * big.element_size()  # all 8 MB of `big`
    assert sizes["clone"] < sizes["view"] / 1000


def test_s03_dict_round_trips_with_plain_values(snippet):
    ns = snippet("io/s03_tensor_dict")
    saved, loaded = ns["mydict"], ns["mydict2"]
    assert loaded.keys() == saved.keys()
    assert torch.equal(loaded["x"], saved["x"]) and torch.equal(loaded["y"], saved["y"])
    assert loaded["step"] == 10 and loaded["note"] == "any plain data"


def test_s04_clone_has_equal_parameters_and_outputs(snippet):
    ns = snippet("io/s04_state_dict")
    net, clone, X = ns["net"], ns["clone"], ns["X"]
    saved, loaded = net.state_dict(), clone.state_dict()
    assert saved.keys() == loaded.keys()
    assert all(torch.equal(saved[k], loaded[k]) for k in saved)
    assert all(p is not q for p, q in zip(net.parameters(), clone.parameters()))
    assert torch.equal(clone(X), net(X)) and not clone.training


def test_s05_default_load_refuses_whole_model_and_opt_ins_restore_it(snippet):
    ns = snippet("io/s05_whole_model")
    net, X, MLP = ns["net"], ns["X"], ns["MLP"]
    for loaded in (ns["net2"], ns["net3"]):
        assert type(loaded) is MLP and loaded is not net
        assert torch.equal(loaded(X), net(X))
        assert all(torch.equal(a, b) for a, b in zip(loaded.state_dict().values(), net.state_dict().values()))


def test_s05_whole_model_load_raises_unpickling_error():
    buffer = io.BytesIO()
    torch.save(torch.nn.Linear(2, 2), buffer)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        torch.load(buffer)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="Unsupported global"):
        torch.load(buffer, weights_only=True)


def _globals_in(path):
    import zipfile

    from torch import _weights_only_unpickler

    with zipfile.ZipFile(path) as archive:
        pickle_name = next(name for name in archive.namelist() if name.endswith("/data.pkl"))
        return _weights_only_unpickler.get_globals_in_pkl(io.BytesIO(archive.read(pickle_name)))


# backs: io.md "`get_unsafe_globals_in_checkpoint` lists ... the classes and functions it refers to that `weights_only` does not allow"
def test_s05_get_unsafe_globals_lists_what_weights_only_refuses_not_every_class_the_file_needs(tmp_path):
    path = tmp_path / "model.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2)), path)
    needed = _globals_in(path)
    unsafe = set(torch.serialization.get_unsafe_globals_in_checkpoint(path))
    assert unsafe == {"torch.nn.modules.container.Sequential", "torch.nn.modules.linear.Linear"}
    assert {"collections.OrderedDict", "torch._utils._rebuild_parameter", "torch._utils._rebuild_tensor_v2"} <= needed - unsafe
    with torch.serialization.safe_globals([torch.nn.Sequential]):
        assert torch.serialization.get_unsafe_globals_in_checkpoint(path) == ["torch.nn.modules.linear.Linear"]


# backs: io.md "renamed or moved ... A changed class is worse: the file usually still loads, and the object runs the new class's code"
def test_s05_whole_model_fails_after_a_rename_and_loads_with_the_new_code_after_a_change(tmp_path, monkeypatch):
    import types

    from torch import nn

    module = types.ModuleType("s05_models")
    monkeypatch.setitem(__import__("sys").modules, "s05_models", module)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(2, 2)

        def forward(self, X):
            return self.layer(X)

    Net.__module__, Net.__qualname__ = "s05_models", "Net"
    module.Net = Net
    path = tmp_path / "net.pt"
    torch.save(Net(), path)

    class Changed(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(2, 2)
            self.scale = 10.0

        def forward(self, X):
            return 2 * self.layer(X)

    Changed.__module__, Changed.__qualname__ = "s05_models", "Net"
    module.Net = Changed
    loaded = torch.load(path, weights_only=False)
    X = torch.rand(1, 2)
    assert type(loaded) is Changed, "a changed class still loads"
    assert torch.equal(loaded(X), 2 * loaded.layer(X)), "with the new forward"
    assert not hasattr(loaded, "scale"), "__init__ did not run: the new attribute is missing"
    del module.Net  # renamed or moved away
    with pytest.raises(AttributeError, match="Net"):
        torch.load(path, weights_only=False)


# backs: io.md "(an uncompressed zip archive holding a pickle and the raw tensor data)"
def test_file_io_torch_save_writes_an_uncompressed_zip_with_a_pickle_and_raw_data():
    import zipfile

    x = torch.arange(1000, dtype=torch.int64)
    buffer = io.BytesIO()
    torch.save({"x": x}, buffer)
    with zipfile.ZipFile(buffer) as archive:
        infos = archive.infolist()
        assert all(info.compress_type == zipfile.ZIP_STORED and info.compress_size == info.file_size for info in infos)
        names = [info.filename for info in infos]
        assert any(name.endswith("/data.pkl") for name in names)
        data = [name for name in names if "/data/" in name]
        assert len(data) == 1 and archive.read(data[0]) == x.numpy().tobytes(), "the tensor's raw bytes"


# backs: io.md "Loading converts the values to the model's dtypes; non-tensor state is saved through `get_extra_state()` and `set_extra_state()`; renamed keys need a load pre-hook"
def test_s04_dtype_conversion_extra_state_and_a_load_pre_hook_for_renamed_keys():
    from torch import nn

    class Scaled(nn.Linear):
        def __init__(self):
            super().__init__(2, 2)
            self.note = "fresh"

        def get_extra_state(self):
            return {"note": self.note}

        def set_extra_state(self, state):
            self.note = state["note"]

    saved = Scaled()
    saved.note = "trained"
    state = {k: v.double() if torch.is_tensor(v) else v for k, v in saved.state_dict().items()}
    buffer = io.BytesIO()
    torch.save(state, buffer)
    buffer.seek(0)
    loaded = Scaled()
    loaded.load_state_dict(torch.load(buffer))
    assert loaded.weight.dtype == torch.float32 and torch.equal(loaded.weight, saved.weight)
    assert loaded.note == "trained", "the non-tensor state came back through set_extra_state"
    renamed = {"w": saved.weight.detach(), "b": saved.bias.detach()}
    plain = nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="Missing key"):
        plain.load_state_dict(renamed)
    plain.register_load_state_dict_pre_hook(
        lambda module, sd, prefix, *rest: sd.update(weight=sd.pop("w"), bias=sd.pop("b")) if "w" in sd else None)
    plain.load_state_dict(renamed)
    assert torch.equal(plain.weight, saved.weight)


# backs: io.md "`torch.export.load` unpickles parts of it, and its docstring warns never to load one from an untrusted source"
def test_s05_torch_export_load_docstring_warns_about_pickle():
    doc = " ".join(torch.export.load.__doc__.split())
    assert "uses pickle under the hood to load models" in doc
    assert "Never load data from an untrusted source" in doc


class _RunsCode:
    """What a crafted file can hold: unpickling it calls `exec`."""

    def __init__(self, code):
        self.code = code

    def __reduce__(self):
        return (exec, (self.code,))


# backs: io.md "A crafted `.pt2` runs its code when loaded, just like a pickled model" (and checkpoints.md s08)
def test_s05_a_crafted_pt2_runs_code_in_torch_export_load(tmp_path):
    import zipfile

    marker = tmp_path / "ran"
    program = torch.export.export(torch.nn.Linear(3, 2), (torch.rand(1, 3),))
    honest = tmp_path / "honest.pt2"
    torch.export.save(program, honest)
    payload = io.BytesIO()
    torch.save(_RunsCode(f"open({str(marker)!r}, 'w').write('ran')"), payload)
    crafted = tmp_path / "crafted.pt2"
    with zipfile.ZipFile(honest) as src, zipfile.ZipFile(crafted, "w") as dst:
        replaced = 0
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("sample_inputs/model.pt"):
                data, replaced = payload.getvalue(), replaced + 1
            dst.writestr(info, data)
    assert replaced == 1
    assert torch.equal(torch.export.load(honest).module()(torch.ones(1, 3)), program.module()(torch.ones(1, 3)))
    assert not marker.exists()
    try:
        torch.export.load(crafted)
    except Exception:  # what happens after the code ran does not matter
        pass
    assert marker.read_text() == "ran", "loading the .pt2 executed the file's code"
