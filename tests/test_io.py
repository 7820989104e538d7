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
