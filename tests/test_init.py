"""Claims of the Initialization page that the printed output alone does not prove.

Snippet namespaces are cached and shared, so tests work on deep copies of what they change."""

import copy
import math

import pytest
import torch
from torch import nn


def _max_abs(t):
    return t.detach().abs().max().item()


def test_i01_weight_and_bias_lie_within_one_over_sqrt_fan_in(snippet):
    layer = snippet("init/i01_default_init")["layer"]
    bound = 1 / math.sqrt(64)
    assert _max_abs(layer.weight) <= bound and _max_abs(layer.bias) <= bound
    assert _max_abs(layer.weight) > 0.99 * bound  # the full range is used: not a narrower scheme


@pytest.mark.parametrize(
    "make, fan_in",
    [
        (lambda: nn.Linear(3, 500), 3),
        (lambda: nn.Linear(400, 50), 400),
        (lambda: nn.Conv2d(4, 64, 3, groups=2), 2 * 3 * 3),
    ],
    ids=["linear-3", "linear-400", "conv-groups"],
)
def test_i01_default_bound_holds_for_other_shapes_and_conv(device, make, fan_in):
    with torch.device(device):
        torch.manual_seed(0)
        layer = make()
    bound = 1 / math.sqrt(fan_in)
    assert _max_abs(layer.weight) <= bound and _max_abs(layer.weight) > 0.98 * bound
    assert _max_abs(layer.bias) <= bound


def test_i02_init_normal_reaches_subclasses_and_draws_std_001(snippet, device):
    init_normal = snippet("init/i02_init_normal")["init_normal"]
    with torch.device(device):
        attn = nn.MultiheadAttention(embed_dim=8, num_heads=2)
        big = nn.Linear(500, 400)
    attn.apply(init_normal)
    assert not attn.out_proj.bias.any()  # the subclass was initialized
    big.apply(init_normal)
    assert abs(big.weight.std().item() - 0.01) < 0.0005 and not big.bias.any()


# backs: init.md "every hidden unit receives the same gradient, so no step can set one apart from the others"
def test_i03_constant_init_gives_every_hidden_unit_the_same_gradient(snippet):
    ns = snippet("init/i03_init_constant")
    net, X, y = copy.deepcopy(ns["net"]), ns["X"], ns["y"]
    net.apply(ns["init_constant"])
    net.zero_grad()
    nn.functional.mse_loss(net(X), y).backward()
    grad = net[0].weight.grad
    assert grad.abs().sum() > 0
    assert torch.allclose(grad, grad[0].expand_as(grad))
    assert torch.allclose(net[2].weight.grad, net[2].weight.grad[0, 0].expand_as(net[2].weight.grad))


def _train(net, X, y):
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(100):
        optimizer.zero_grad()
        nn.functional.mse_loss(net(X), y).backward()
        optimizer.step()
    return net


def _distinct_rows(weight, atol=1e-6):
    rows = []
    for row in weight.detach():
        if not any(torch.allclose(row, r, atol=atol) for r in rows):
            rows.append(row)
    return len(rows)


def test_i03_units_stay_identical_after_training_but_not_with_random_init(snippet, device):
    ns = snippet("init/i03_init_constant")
    assert _distinct_rows(ns["net"][0].weight) == 1
    with torch.device(device):
        torch.manual_seed(0)
        fresh = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    _train(fresh, ns["X"], ns["y"])
    assert _distinct_rows(fresh[0].weight) == 8


def test_i04_each_block_got_its_own_scheme(snippet):
    net = snippet("init/i04_per_block_init")["net"]
    assert _max_abs(net[0].weight) <= math.sqrt(6 / (4 + 8))
    assert _max_abs(net[0].weight) > 1 / math.sqrt(4)  # beyond the default range: Xavier was applied
    assert torch.equal(net[2].weight, torch.full_like(net[2].weight, 42))
    assert _max_abs(net[2].bias) <= 1 / math.sqrt(8)  # biases kept their default


def test_i02_apply_visits_children_before_parent_and_returns_the_module(snippet):
    net = snippet("init/i02_init_normal")["net"]
    seen = []
    assert net.apply(lambda m: seen.append(m)) is net
    assert seen == [net[0], net[1], net[2], net]


@pytest.mark.parametrize(
    "init_fn",
    [nn.init.uniform_, nn.init.normal_, nn.init.zeros_, nn.init.ones_, nn.init.xavier_uniform_,
     nn.init.kaiming_uniform_, nn.init.orthogonal_, lambda t: nn.init.constant_(t, 42)],
    ids=["uniform", "normal", "zeros", "ones", "xavier", "kaiming", "orthogonal", "constant"],
)
def test_nn_init_functions_run_under_no_grad_themselves(device, init_fn):
    with torch.device(device):
        param = nn.Parameter(torch.empty(4, 4))
    init_fn(param)  # a plain in-place op on a leaf that requires grad would raise here
    assert param.is_leaf and param.grad_fn is None and param.requires_grad
    with pytest.raises(RuntimeError, match="leaf Variable"):
        param.mul_(2)


# backs: init.md "A layer built with `bias=False` has `bias = None` ... the guard keeps the function usable on every `Linear`"
@pytest.mark.parametrize("name, function", [("init/i02_init_normal", "init_normal"), ("init/i03_init_constant", "init_constant")])
def test_i02_i03_init_functions_work_on_linear_layers_without_bias(snippet, name, function):
    init = snippet(name)[function]
    net = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 1))
    net.apply(init)
    assert net[0].bias is None and not net[2].bias.any()
    with pytest.raises(AttributeError):
        nn.init.zeros_(net[0].bias)  # what the unguarded version would call


class _Residual(nn.Module):
    """x + branch(x), with the branch's last layer zeroed."""

    def __init__(self):
        super().__init__()
        self.branch = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4))
        nn.init.zeros_(self.branch[2].weight)
        nn.init.zeros_(self.branch[2].bias)

    def forward(self, X):
        return X + self.branch(X)


# backs: init.md "Zeroing only the *last* layer of a residual branch, so that the residual block starts as the identity ... the zeroed layer receives nonzero gradients and learns"
def test_i03_zeroing_the_last_layer_of_a_residual_branch_keeps_units_distinct_and_learns(device):
    with torch.device(device):
        torch.manual_seed(0)
        block = _Residual()
        X, y = torch.rand(16, 4), torch.rand(16, 4)
    assert torch.equal(block(X), X), "the block starts as the identity"
    nn.functional.mse_loss(block(X), y).backward()
    assert block.branch[2].weight.grad.abs().sum() > 0
    assert block.branch[0].weight.grad is not None and not block.branch[0].weight.grad.any(), (
        "the first layer gets no gradient yet: only the zeroed layer learns in the first step")
    _train(block, X, y)
    assert block.branch[2].weight.abs().sum() > 0, "the zeroed layer learned"
    assert _distinct_rows(block.branch[0].weight) == 8, "the hidden units still differ"


# backs: init.md "not for all the weights of consecutive layers" (zeroing one layer after a random one is not the i03 symptom)
def test_i03_a_constant_last_layer_after_a_random_one_keeps_hidden_units_distinct(snippet, device):
    ns = snippet("init/i03_init_constant")
    with torch.device(device):
        torch.manual_seed(0)
        net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    nn.init.constant_(net[2].weight, 1)
    _train(net, ns["X"], ns["y"])
    assert _distinct_rows(net[0].weight) == 8


# backs: init.md "returns the module itself (so, as the last line of a notebook cell, it displays the model)"
def test_i02_apply_as_the_last_line_of_a_cell_displays_the_model():
    import subprocess
    import sys

    from snippet_runner import SNIPPETS_DIR

    pytest.importorskip("IPython")
    check = f"""
import runpy
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.user_ns.update(runpy.run_path({str(SNIPPETS_DIR / "init" / "i02_init_normal.py")!r}))
last = shell.run_cell("net.apply(init_normal)", store_history=False)
inside = shell.run_cell("net.apply(init_normal)\\nn = 1", store_history=False)
print("RESULT", last.result is shell.user_ns["net"], inside.result is None)
"""
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout
    assert "RESULT True True" in out
    assert out.count("Sequential(") == 1, "displayed once: only where apply is the cell's last line"
