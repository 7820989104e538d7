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
