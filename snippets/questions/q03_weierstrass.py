import math
import tempfile
from pathlib import Path

import matplotlib
import torch
from matplotlib.figure import Figure


def weierstrass(x, a=0.5, b=3, terms=20):  # (1)!
    n = torch.arange(terms, dtype=x.dtype, device=x.device)
    return (a**n * torch.cos(b**n * math.pi * x[..., None])).sum(-1)


def plot_weierstrass(path, points=1201):
    fig = Figure(figsize=(8, 2.8), layout="constrained")  # (2)!
    for ax, (lo, hi) in zip(fig.subplots(1, 2), [(-2, 2), (-2 / 9, 2 / 9)]):
        x = torch.linspace(lo, hi, points, dtype=torch.float64, device="cpu")
        ax.plot(x.numpy(), weierstrass(x).numpy(), linewidth=0.6, color="#e64a19")
        ax.set_title(f"W(x) on [{lo:.3g}, {hi:.3g}]", fontsize=10)
        ax.grid(alpha=0.3)
    fig.axes[0].axvspan(-2 / 9, 2 / 9, color="#90a4ae", alpha=0.25)
    with matplotlib.rc_context({"svg.hashsalt": "weierstrass", "svg.fonttype": "none"}):  # (3)!
        fig.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    return 2 * points


x = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
for terms in (5, 10, 15, 20):
    value = weierstrass(x, terms=terms)
    (slope,) = torch.autograd.grad(value, x)  # (4)!
    print(f"{terms:2} terms: W(0.3) = {value.item():+.6f}   dW/dx = {slope.item():+10.1f}")

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "weierstrass.svg"
    points = plot_weierstrass(path)
    print(f"{path.name}: {points} points, starts with {path.read_text()[:5]!r}")
