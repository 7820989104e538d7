"""Claims of the GPU chapter that its printed output alone does not prove."""

import pytest
import torch

from snippet_runner import SNIPPETS_DIR, run_code


def test_g03_try_all_gpus_returns_usable_devices(snippet):
    ns = snippet("gpu/g03_try_gpu")
    devices = ns["try_all_gpus"]()
    assert isinstance(devices, list) and devices, "try_all_gpus() must never return an empty list"
    assert all(isinstance(d, torch.device) for d in devices)
    assert len(devices) == max(torch.cuda.device_count(), 1)
    for d in devices:
        assert torch.ones(1, device=d).device.type == d.type, f"{d} is not usable"
    assert ns["try_gpu"](torch.cuda.device_count()) == torch.device("cpu"), "one past the last GPU must fall back"
    assert (ns["try_gpu"]().type == "cuda") == torch.cuda.is_available()
    best = ns["try_accelerator"]()
    assert isinstance(best, torch.device) and (best.type != "cpu") == torch.accelerator.is_available()


def _torch_release() -> tuple[int, int]:
    return tuple(int(n) for n in torch.__version__.split("+")[0].split(".")[:2])


def test_g03_current_accelerator_alone_names_the_build_not_the_machine(snippet):
    """Why try_accelerator() asks is_available() first (the annotation of g03)."""
    ns = snippet("gpu/g03_try_gpu")
    if torch.accelerator.is_available():
        assert ns["try_accelerator"]() == torch.accelerator.current_accelerator() != torch.device("cpu")
        return
    assert ns["try_accelerator"]() == torch.device("cpu")
    if _torch_release() < (2, 7):
        with pytest.raises(RuntimeError):
            torch.accelerator.current_accelerator()
        with pytest.raises(TypeError):
            torch.accelerator.current_accelerator(check_available=True)
        return
    assert torch.accelerator.current_accelerator() == (torch.device("cuda") if torch.version.cuda else None)
    assert torch.accelerator.current_accelerator(check_available=True) is None


def test_g03_device_count_without_a_gpu():
    """What the matrix found with CUDA wheels on a machine without a GPU."""
    if torch.accelerator.is_available():
        return
    if _torch_release() == (2, 7) and torch.version.cuda:
        # backs: gpu.md "on torch 2.7, with a CUDA wheel on a machine without a GPU, `torch.accelerator.device_count()` raises"
        with pytest.raises(RuntimeError, match="Found no NVIDIA driver on your system"):
            torch.accelerator.device_count()
    else:
        assert torch.accelerator.device_count() == 0


def test_g05_second_device_really_differs(snippet):
    ns = snippet("gpu/g05_cross_device")
    assert ns["Y"].device != ns["X"].device, "the error demo needs two different devices"
    assert ns["X"].device == torch.device("cpu")


def test_g06_every_parameter_and_the_output_on_the_device(snippet):
    ns = snippet("gpu/g06_net_on_device")
    device = ns["device"]
    assert {p.device.type for p in ns["net"].parameters()} == {device.type}
    assert ns["net"](ns["X"].double()).device.type == device.type
    assert ns["x"].dtype == torch.float32, "Tensor.to() must not change the tensor it is called on"


def test_g07_to_moves_parameters_and_buffers_not_plain_attributes(snippet):
    ns = snippet("gpu/g07_what_moves")
    net, target = ns["net"], ns["target"]
    assert target.type != "cpu", "the demonstration needs a device other than the CPU"
    moved = list(net.parameters()) + list(net.buffers())
    assert len(moved) == 4, "linear.weight, linear.bias, scale and the loss's weight"
    assert all(t.device.type == target.type for t in moved)
    assert net.offset.device.type == "cpu"
    assert net.heads[0].weight.device.type == "cpu"
    assert not any(m is net.heads[0] for m in net.modules()), "a layer in a plain list is not a submodule"


# backs: gpu.md "with two GPUs the guarded call prints `x.cuda(1): cuda:1` and the unguarded one succeeds without printing anything"
def test_g04_with_two_gpus_only_the_guarded_call_prints(monkeypatch):
    """Two GPUs simulated on any machine: device_count() says 2 and `.cuda(i)` succeeds (to meta)."""
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.Tensor, "cuda", lambda self, device=None, non_blocking=False: self.to("meta"))
    code = (SNIPPETS_DIR / "gpu/g04_tensor_device.py").read_text(encoding="utf-8") + "\n# two GPUs simulated\n"
    run = run_code(code, "g04_two_gpus_simulated.py").check("g04 with two simulated GPUs")
    calls = [line for line in run.stdout.splitlines() if "x.cuda(1)" in line]
    assert calls == ["x.cuda(1): meta"], "one line, from the guarded call"


# backs: gpu.md "A tensor put on `"cuda"` goes to the current GPU and reports its index"
@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs two GPUs: which GPU 'cuda' means")
def test_g04_cuda_without_index_is_the_current_gpu():
    assert torch.ones(1, device="cuda").device == torch.device("cuda:0")
    with torch.cuda.device(1):
        assert torch.ones(1, device="cuda").device == torch.device("cuda:1")


# backs: gpu.md pitfall "it returns a new tensor (or `x` itself when nothing changes)"
def test_g06_tensor_to_returns_itself_when_nothing_changes_and_a_new_tensor_otherwise(snippet):
    x = snippet("gpu/g06_net_on_device")["x"]
    assert x.to(x.device) is x and x.to(x.dtype) is x
    y = x.to(torch.float64)
    assert y is not x and x.dtype == torch.float32
    assert x.to(x.device, copy=True) is not x


# backs: gpu.md "Creating one checks the spelling (`torch.device("cudaa")` raises `RuntimeError`), not whether the machine has that device"
def test_g02_device_checks_the_spelling_not_the_machine():
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        torch.device("cudaa")
    device = torch.device("cuda:7")  # no machine here has eight GPUs
    assert (device.type, device.index) == ("cuda", 7)


_CPU_ONLY_BUILD = torch.version.cuda is None and torch.version.hip is None


# backs: gpu.md "on a CPU-only build, `x.cuda(1)` raises the `RuntimeError` above, while `x.to("cuda:1")` and `x.cuda()` raise `AssertionError`"
@pytest.mark.skipif(not _CPU_ONLY_BUILD, reason="the CPU-only build's errors")
def test_g04_cpu_only_build_raises_runtime_error_for_cuda_1_and_assertion_error_for_to():
    x = torch.ones(1)
    with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is available"):
        x.cuda(1)
    for move in (lambda: x.to("cuda:1"), lambda: x.cuda()):
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            try:
                move()
            except RuntimeError:
                pytest.fail("a RuntimeError: `except RuntimeError` would have caught it")
