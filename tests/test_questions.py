"""Claims of the Questions and pitfalls page that the printed output alone does not prove,
and the two generated parts of that page:

    pytest tests/test_questions.py --update-outputs   # rewrite the figure and the pitfall lists

- docs/assets/images/weierstrass.svg is what the q03 snippet's `plot_weierstrass` draws;
- the list under "Every pitfall on this site" is every `!!! warning "Pitfall: …"` (中文:
  "陷阱：…") admonition of the pages in the nav, in reading order, each linked to the section
  (H2 anchor) it follows, in both languages.
"""

import itertools
import math
import re

import pytest
import torch
from torch import nn

from markdown_pages import DOCS, all_pages, anchors, check_generated_part, nav_pages

# q01 ---------------------------------------------------------------------------------------


def test_q01_each_layer_uses_its_own_rule(snippet):
    layers = snippet("questions/q01_default_init")["layers"]

    def largest(p):
        return p.detach().abs().max().item()

    for label, bound in (("Linear(64, 32)", 1 / 8), ("Conv2d(16, 8, 3)", 1 / 12)):
        weight, bias = layers[label].weight, layers[label].bias
        assert largest(weight) <= bound < largest(weight) / 0.99, label  # the whole range is used
        assert largest(bias) <= bound, label
    lstm = dict(layers["LSTM(10, 25)"].named_parameters())
    assert all(largest(p) <= 0.2 for p in lstm.values()) and largest(lstm["weight_hh_l0"]) > 0.19
    embedding = layers["Embedding(1000, 8)"].weight.detach()
    assert abs(embedding.mean().item()) < 0.05 and abs(embedding.std().item() - 1) < 0.05
    norm = layers["LayerNorm(8)"]
    assert torch.equal(norm.weight, torch.ones_like(norm.weight)) and not norm.bias.any()


# backs: questions.md "most by calling their own `reset_parameters()` (`nn.MultiheadAttention` ... calls `_reset_parameters()`"
def test_q01_attention_and_transformer_layers_have_no_reset_parameters():
    for cls in (nn.MultiheadAttention, nn.Transformer):
        assert not hasattr(cls, "reset_parameters") and hasattr(cls, "_reset_parameters"), cls.__name__
    for cls in (nn.TransformerEncoderLayer, nn.TransformerDecoderLayer):
        assert not hasattr(cls, "reset_parameters") and not hasattr(cls, "_reset_parameters"), cls.__name__
    torch.manual_seed(0)
    attention = nn.MultiheadAttention(8, 2)
    assert not attention.in_proj_bias.any() and not attention.out_proj.bias.any(), "zeroed by _reset_parameters"
    attention.out_proj.reset_parameters()
    assert attention.out_proj.bias.any(), "the Linear's own rule would not zero the bias"


# q02 ---------------------------------------------------------------------------------------


def test_q02_a_step_activation_starves_the_layers_before_it(snippet, device):
    ns = snippet("questions/q02_kinks")
    straight_through = ns["StraightThroughStep"].apply
    X = torch.randn(16, 3, device=device)
    grads = {}
    for name, activation in (("sign", torch.sign), ("straight-through", straight_through)):
        torch.manual_seed(0)
        first, second = nn.Linear(3, 4, device=device), nn.Linear(4, 1, device=device)
        second(activation(first(X))).sum().backward()
        grads[name] = first.weight.grad
    assert grads["sign"] is not None and not grads["sign"].any(), "sign: the layer before gets zeros"
    assert grads["straight-through"].abs().sum() > 0, "straight-through: the layer before learns"


def test_q02_gradients_at_the_kink(snippet, device):
    grad = snippet("questions/q02_kinks")["grad"]
    at_zero = {name: grad(f)[1] for name, f in (
        ("relu", torch.relu), ("abs", torch.abs), ("clamp", lambda t: t.clamp(min=0)),
        ("maximum", lambda t: torch.maximum(t, torch.zeros_like(t))),
    )}
    # torch 2.14 made clamp's gradient at a bound 0, the minimum-norm subgradient (1 before)
    clamp = 1.0 if _release() < (2, 14) else 0.0
    assert at_zero == {"relu": 0.0, "abs": 0.0, "clamp": clamp, "maximum": 0.5}


def _release() -> tuple[int, int]:
    return tuple(int(n) for n in torch.__version__.split("+")[0].split(".")[:2])


def test_q02_clamp_at_a_bound_depends_on_the_release_and_on_the_bound_type(device):
    x = torch.tensor([0.0, 1.0, -1.0], device=device, requires_grad=True)

    def at_the_bounds(**bounds):
        x.grad = None
        x.clamp(**bounds).sum().backward()
        return x.grad.tolist()

    number, tensor = at_the_bounds(min=0), at_the_bounds(min=torch.zeros(3, device=device))
    both_numbers = at_the_bounds(min=0, max=1)
    both_tensors = at_the_bounds(min=torch.zeros(3, device=device), max=torch.ones(3, device=device))
    if _release() < (2, 14):
        # backs: questions.md "Up to torch 2.13, `clamp` passes the gradient where `min <= x <= max`, bounds included"
        assert number == tensor == [1.0, 1.0, 0.0] and both_numbers == both_tensors == [1.0, 1.0, 0.0]
    else:
        # backs: questions.md "A number, as here (`clamp(min=0)`): the gradient passes only strictly inside the bounds"
        assert number == [0.0, 1.0, 0.0] and both_numbers == [0.0, 0.0, 0.0]
        # backs: questions.md "A tensor (`clamp(min=torch.zeros(3))`): a tie is split as `maximum` splits it, 0.5"
        assert tensor == [0.5, 1.0, 0.0] and both_tensors == [0.5, 0.5, 0.0]


# q03 ---------------------------------------------------------------------------------------

FIGURE = DOCS / "assets" / "images" / "weierstrass.svg"
UPDATE = "`pytest tests/test_questions.py -k 'not cuda' --update-outputs`"


def test_q03_autograd_differentiates_the_finite_sum_exactly(snippet, device):
    weierstrass = snippet("questions/q03_weierstrass")["weierstrass"]
    a, b, x0 = 0.5, 3, 0.3
    x = torch.tensor(x0, dtype=torch.float64, device=device, requires_grad=True)
    slopes, values = [], []
    for terms in (5, 10, 15, 20):
        value = weierstrass(x, a=a, b=b, terms=terms)
        (slope,) = torch.autograd.grad(value, x)
        by_hand = sum(-math.pi * (a * b) ** n * math.sin(b**n * math.pi * x0) for n in range(terms))
        assert math.isclose(slope.item(), by_hand, rel_tol=1e-6), terms
        slopes.append(abs(slope.item()))
        values.append(value.item())
    assert all(abs(v - values[-1]) <= 2 * a**n for v, n in zip(values, (5, 10, 15))), "values converge"
    assert slopes == sorted(slopes) and slopes[-1] > 100 * slopes[0], "slopes do not settle"


def test_q03_figure_is_what_the_snippet_draws(snippet, device, request, tmp_path):
    if device != "cpu" or torch.cuda.is_available():
        pytest.skip("the figure is compared on CPU-only machines, like the outputs")
    plot = snippet("questions/q03_weierstrass")["plot_weierstrass"]
    first, second = tmp_path / "first.svg", tmp_path / "second.svg"
    plot(first)
    plot(second)
    drawn = first.read_text(encoding="utf-8")
    assert drawn == second.read_text(encoding="utf-8"), "two runs draw different files: something random is written"
    if request.config.getoption("--update-outputs"):
        FIGURE.write_text(drawn, encoding="utf-8")
        return
    assert FIGURE.exists(), f"docs/assets/images/weierstrass.svg is missing: run {UPDATE}"
    assert FIGURE.read_text(encoding="utf-8") == drawn, f"weierstrass.svg is stale: run {UPDATE}"


# q04 ---------------------------------------------------------------------------------------

PREFIX = {"en": "Pitfall: ", "zh": "陷阱："}
ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?) \w+ "(Pitfall: |陷阱：)([^"]*)"', re.M)
H1 = re.compile(r"^# (.*?)\s*\{\s*#([\w-]+)\s*\}\s*$", re.M)
START = "<!-- pitfalls: generated by `pytest tests/test_questions.py --update-outputs` -->"
END = "<!-- pitfalls: end -->"


def page_file(name: str, lang: str):
    return DOCS / (f"{name}.md" if lang == "en" else f"{name}.{lang}.md")


def pitfalls(lang: str) -> list[tuple[str, str, str, str]]:
    """(page, chapter title, pitfall title, section anchor) for every pitfall, in reading order."""
    found = []
    for name in nav_pages():
        text = page_file(name, lang).read_text(encoding="utf-8")
        chapter = H1.search(text).group(1)
        for match in ADMONITION.finditer(text):
            prefix, title = match.groups()
            assert prefix == PREFIX[lang], f"{page_file(name, lang).name}: {prefix!r} on the {lang} page"
            found.append((name, chapter, title, anchors(text[: match.start()])[-1]))
    return found


def pitfall_list(lang: str) -> str:
    lines = []
    for (name, chapter), rows in itertools.groupby(pitfalls(lang), key=lambda row: row[:2]):
        lines.append(f"- [{chapter}]({name}.md)")
        lines += [f"    - [{title}]({name}.md#{anchor})" for _, _, title, anchor in rows]
    return f"{START}\n\n" + "\n".join(lines) + f"\n\n{END}"


def test_q04_every_page_with_pitfalls_is_in_the_nav():
    listed = {page_file(name, lang) for name in nav_pages() for lang in PREFIX}
    unlisted = [p.name for p in all_pages() if p not in listed and ADMONITION.search(p.read_text(encoding="utf-8"))]
    assert not unlisted, f"pages with pitfalls outside the nav would be missing from the list: {unlisted}"


def test_q04_each_pitfall_is_flagged_in_both_languages():
    en, zh = ([(name, anchor) for name, _, _, anchor in pitfalls(lang)] for lang in ("en", "zh"))
    flagged = sum(line.startswith("!!! ") and '"Pitfall:' in line for p in all_pages() for line in p.read_text(encoding="utf-8").splitlines())
    assert len(en) == flagged > 0, "the parser misses an admonition that a plain line count finds"
    assert en == zh, "each pitfall needs one admonition in each language, after the same section"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_q04_the_list_is_every_pitfall_in_reading_order(lang, request):
    check_generated_part(page_file("questions", lang), START, END, pitfall_list(lang), request.config.getoption("--update-outputs"),
                         f"the pitfall list is stale: run {UPDATE}")
