"""Claims of the Custom layers: buffers and exercises page that the printed output alone does not prove."""

import math

import pytest
import torch


def test_c06_buffers_follow_to_and_plain_attribute_does_not(snippet, device):
    ns = snippet("custom-buffers/c06_buffer_vs_attribute")
    Standardize = ns["Standardize"]
    m = Standardize().to(torch.float64)
    assert (m.mean.dtype, m.scratch.dtype, m.calls.dtype, m.std.dtype) == (
        torch.float64, torch.float64, torch.int64, torch.float32)
    assert list(m.state_dict()) == ["mean", "calls"]
    target = "cuda" if device == "cuda" else "meta"
    m = Standardize().to(target)
    assert m.mean.device.type == target and m.scratch.device.type == target
    assert m.std.device.type == "cpu"
    if device == "cuda":
        with pytest.raises(RuntimeError, match="same device"):
            m(torch.rand(3, 2, device="cuda"))


def test_c07_matches_the_formula_for_every_example(snippet):
    ns = snippet("custom-buffers/c07_tensor_reduction")
    layer, X, Y = ns["layer"], ns["X"], ns["Y"]
    W = layer.weight
    assert Y.shape == (2, 3)
    for b in range(2):
        expected = torch.stack([
            sum(W[i, j, k] * X[b, i] * X[b, j] for i in range(4) for j in range(4)) for k in range(3)
        ])
        assert torch.allclose(Y[b], expected, atol=1e-6)
    assert torch.allclose(ns["by_hand"], Y[0], atol=1e-6)


def test_c08_equals_torch_fft_and_the_known_spectrum(snippet):
    ns = snippet("custom-buffers/c08_fourier_half")
    Y = ns["Y"].cpu()
    expected = torch.tensor([8, 4, 0, -2j], dtype=torch.complex64)
    assert Y.shape == (4,) and Y.dtype == torch.complex64
    assert torch.allclose(Y, expected, atol=1e-5)
    assert torch.allclose(Y, torch.fft.fft(ns["signal"].cpu())[:4], atol=1e-5)
    # any length, odd too, and a batch
    layer = ns["FourierHalf"](7)
    x = torch.rand(3, 7)
    assert torch.allclose(layer(x), torch.fft.fft(x)[:, :3], atol=1e-5)
    # it is a buffer, not a trained parameter
    assert list(layer.parameters()) == [] and "dft" in layer.state_dict()
    assert math.isclose(layer.dft[1, 1].angle().item(), -2 * math.pi / 7, rel_tol=1e-5)


# backs: custom-buffers.md "`Module.to(dtype)` converts floating-point and complex tensors"
def test_c06_module_to_dtype_casts_complex_buffers_too_and_float_double_half_do_not(snippet):
    FourierHalf = snippet("custom-buffers/c08_fourier_half")["FourierHalf"]
    with pytest.warns(UserWarning, match="discards the imaginary part"):
        layer = FourierHalf(8).to(torch.float64)
    assert layer.dft.dtype == torch.float64, "the complex buffer was cast to a real dtype"
    assert torch.equal(layer.dft, FourierHalf(8).dft.real.double())
    for method in ("float", "double", "half"):
        assert getattr(FourierHalf(8), method)().dft.dtype == torch.complex64, f".{method}() touched a complex tensor"
    counter = snippet("custom-buffers/c06_buffer_vs_attribute")["Standardize"]().to(torch.float64)
    assert counter.calls.dtype == torch.int64
