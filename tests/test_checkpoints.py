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
    if tuple(int(n) for n in torch.__version__.split(".")[:2]) < (2, 10):  # seen on 2.6, the oldest of the matrix
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
