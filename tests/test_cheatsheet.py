"""The overview pages: every one-liner on the cheatsheet is true, the cheatsheet covers every
example of the site and prints on three A4 pages, and the home page lists every page.

How a cheatsheet table is tested: its code cells, exactly as the page shows them, become one
program: the page's setup block, then each line in table order. A line ending in `# → X`
must return a value whose repr is X, or raise an exception of type X; any other line must
run without an error. The program runs like a snippet (tools/snippet_runner.py: fresh
globals, an empty temporary working directory, no warnings), one per table.
"""

import re

import pytest

from markdown_pages import DOCS, anchors, english_pages, nav_pages
from snippet_runner import run_code

PAGES = {"en": DOCS / "cheatsheet.md", "zh": DOCS / "cheatsheet.zh.md"}
SETUP = re.compile(r'^```python title="[^"]*"\n(.*?)^```$', re.M | re.S)
SECTION = re.compile(r"^## .*?\{\s*#([\w-]+)\s*\}\s*$", re.M)
CODE = re.compile(r"^`([^`]+)`$")
LINK = re.compile(r"^\[([^\]]+)\]\(([\w-]+\.md#[\w-]+)\)$")
RESULT = re.compile(r"^(.*?)\s+# → (.+)$")


def setup_code(lang: str) -> str:
    return SETUP.search(PAGES[lang].read_text(encoding="utf-8")).group(1)


def tables(lang: str) -> dict[str, list[tuple[str, str, str]]]:
    """{section anchor: [(what, code, link target)]}, in page order; an empty link cell
    continues the row above."""
    parts = SECTION.split(PAGES[lang].read_text(encoding="utf-8"))
    found = {}
    for anchor, body in zip(parts[1::2], parts[2::2]):
        lines = [line for line in body.splitlines() if line.startswith("|")]
        assert len(lines) > 2 and set(lines[1]) <= set("|-: "), f"{lang} #{anchor}: no table"
        rows, target = [], None
        for line in lines[2:]:  # below the header and its separator
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            assert len(cells) == 3, f"{lang} #{anchor}: {line!r} is not `what | code | link` (a `|` in code?)"
            what, code, link = cells
            assert CODE.match(code), f"{lang} #{anchor}: the code cell of {line!r} is not one code span"
            if link:
                assert LINK.match(link), f"{lang} #{anchor}: {link!r} is not [id](page.md#section)"
                target = LINK.match(link).group(2)
            assert target, f"{lang} #{anchor}: the first row needs a link"
            rows.append((what, CODE.match(code).group(1), target))
        found[anchor] = rows
    return found


CHECK = """
def __check(line, expected, value=None, error=None):
    if error is not None and type(error).__name__ != expected:
        raise AssertionError(f"{line!r} raised {error!r}")
    if error is None and expected is not None and repr(value) != expected:
        raise AssertionError(f"{line!r} returned {value!r}, the cheatsheet says {expected}")
"""
# tools/compat.py wants every line's result on an older torch: each failure kept in __failed
COLLECT = """
__failed, __strict = [], __check
def __check(line, expected, value=None, error=None):
    try:
        __strict(line, expected, value, error)
    except AssertionError as e:
        __failed.append((line, str(e)))
"""


def program(setup: str, lines: list[str], collect: bool = False) -> str:
    """The setup, then each line, run as shown and checked against its `# →` comment: the first
    failure raises, or with `collect` every failure is listed in the program's `__failed`."""
    out = [setup, CHECK] + ([COLLECT] if collect else [])
    for line in lines:
        match = RESULT.match(line)
        code, expected = match.groups() if match else (line, None)
        try:
            compile(code, "<line>", "eval")
            run = f"__value = {code}"
        except SyntaxError:  # a statement: it returns nothing
            run = f"{code}\n    __value = None"
        out += [
            "try:",
            f"    {run}",
            "except Exception as __error:",
            f"    __check({line!r}, {expected!r}, error=__error)",
            "else:",
            f"    __check({line!r}, {expected!r}, __value)",
        ]
    return "\n".join(out) + "\n"


SECTIONS = list(tables("en"))


@pytest.mark.parametrize("section", SECTIONS)
def test_each_one_liner_returns_what_the_cheatsheet_says(section):
    lines = [code for _, code, _ in tables("en")[section]]
    where = f"docs/cheatsheet.md#{section}"
    run = run_code(program(setup_code("en"), lines), where)
    run.check(where)


def test_both_languages_show_the_same_code_and_links():
    assert setup_code("zh") == setup_code("en")
    en, zh = tables("en"), tables("zh")
    assert list(zh) == list(en), "the same tables, in the same order"
    for section in en:
        assert [row[1:] for row in zh[section]] == [row[1:] for row in en[section]], f"#{section}: other code or links"


def test_the_cheatsheet_links_every_example_of_the_site():
    linked = {target for rows in tables("en").values() for _, _, target in rows}
    examples = {
        f"{page.name}#{anchor}"
        for page in english_pages()
        for anchor in anchors(page.read_text(encoding="utf-8"))
        if re.fullmatch(r"[a-z]\d\d-[\w-]+", anchor) and anchor != "q04-pitfalls"
    }
    assert examples - linked == set(), "examples without a line on the cheatsheet"
    assert linked - examples == set(), "cheatsheet links to sections that do not exist"


# backs: cheatsheet.md "… not `net.state_dict()`: the two would share memory"
def test_assign_true_from_a_live_models_state_dict_shares_its_storage():
    import torch
    from torch import nn

    net = nn.Linear(4, 2)
    with torch.device("meta"):
        twin = nn.Linear(4, 2)
    twin.load_state_dict(net.state_dict(), assign=True)
    assert twin.weight.data_ptr() == net.weight.data_ptr()
    with torch.no_grad():
        net.weight.zero_()
    assert not twin.weight.any(), "zeroing one zeroed the other"
    rows = [code for rows in tables("en").values() for _, code, _ in rows if "assign=True" in code]
    assert rows and not any("net.state_dict(), assign=True" in code for code in rows)


# backs: cheatsheet.md rows "Every `Linear`, with `apply`" and "By parameter name" (statements, not conditional expressions used for their side effect)
def test_no_line_uses_a_conditional_expression_for_its_side_effect():
    import ast

    for section, rows in tables("en").items():
        for _, code, _ in rows:
            tree = ast.parse(RESULT.match(code).group(1) if RESULT.match(code) else code)
            for node in ast.walk(tree):
                assert not (isinstance(node, ast.IfExp) and isinstance(node.orelse, ast.Constant)
                            and node.orelse.value is None), f"#{section}: {code}"


# backs: cheatsheet.md "Dropout, BatchNorm: evaluation mode" (eval() is not inference mode) and `torch.export.export(net.eval(), …)`
def test_eval_is_not_inference_mode_and_export_records_the_mode_it_sees():
    import torch
    from torch import nn

    net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5)).eval()
    Y = net(torch.rand(2, 4))
    assert not torch.is_inference_mode_enabled() and not Y.is_inference() and Y.requires_grad
    X = torch.ones(64, 4)
    torch.manual_seed(0)
    in_train_mode = torch.export.export(net.train(), (X,)).module()
    assert not torch.equal(in_train_mode(X), net.eval()(X)), "exported in train mode: Dropout still drops"
    in_eval_mode = torch.export.export(net.eval(), (X,)).module()
    assert torch.equal(in_eval_mode(X), net(X))
    whats = [what for rows in tables("en").values() for what, code, _ in rows if ".eval()" in code]
    assert whats and not any("inference mode" in what for what in whats)


# backs: cheatsheet.md "… into a model built the same way" (a new model, not `net` itself)
def test_state_dict_loads_into_a_model_built_the_same_way():
    rows = [code for _, code, _ in tables("en")["files"]]
    load = next(code for code in rows if 'load_state_dict(torch.load("net.pt"))' in code)
    assert load.startswith("fresh.") and any(code.startswith("fresh = nn.Sequential(") for code in rows)


def test_home_page_lists_every_page():
    pages = [p for p in nav_pages() if p != "index"]
    for home in (DOCS / "index.md", DOCS / "index.zh.md"):
        chapters = home.read_text(encoding="utf-8").split("{ #chapters }", 1)[1].split("\n## ", 1)[0]
        listed = re.findall(r"^\| \[[^\]]+\]\(([\w-]+)\.md\)", chapters, re.M)
        assert listed == pages, f"{home.name}: the chapters table must list every page of the nav, in its order"


PRINTED_PAGES = 3  # A4 landscape, three columns (docs/assets/stylesheets/print.css); measured: 3 in each language, with room for ~24 more rows
PRINTED_WIDTH = round((297 - 2 * 5) / 25.4 * 96)  # the printed width in CSS px: A4 landscape less the 5 mm margins
PRINTED_LAYOUT = """() => {
  const article = document.querySelector('article');
  const style = getComputedStyle(article);
  const columns = parseInt(style.columnCount) || 1;
  const column = (article.clientWidth - (columns - 1) * (parseFloat(style.columnGap) || 0)) / columns;
  const code = [...article.querySelectorAll('code, code *')];
  const boxes = [article, ...article.querySelectorAll('table, tbody, tr, pre, pre > code')];
  return {
    width: article.clientWidth,
    codePx: Math.min(...code.map(e => parseFloat(getComputedStyle(e).fontSize))),
    overflowing: boxes.filter(e => e.scrollWidth > e.clientWidth).map(e => e.outerHTML.slice(0, 120)),
    wider: [...article.querySelectorAll('table, pre')].filter(e => e.getBoundingClientRect().width > column + 0.5).length,
    headingsLeft: [...article.querySelectorAll('h2')].filter(e => getComputedStyle(e).breakAfter !== 'avoid').length,
    rowsSplit: [...article.querySelectorAll('tr')].filter(e => getComputedStyle(e).breakInside !== 'avoid').length,
    hidden: [...document.querySelectorAll('.md-header, .md-sidebar, .md-footer')].every(e => !e.offsetParent),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cheatsheet_prints_on_three_a4_pages(browser, site, lang):
    """As a cheat sheet to pin beside the screen: at most 3 pages, code no smaller than 7.5pt, and
    no line cut off. The page count is the PDF's, at the page size of the CSS (A4 landscape); the
    sizes and widths are read under print media at the printed width."""
    tab = browser.new_page(viewport={"width": PRINTED_WIDTH, "height": 800})
    try:
        tab.goto(f"{site}{'zh/' if lang == 'zh' else ''}cheatsheet/", wait_until="load")  # not networkidle: 0.6 s less, the same PDF
        pdf = tab.pdf(prefer_css_page_size=True)
        tab.emulate_media(media="print")
        layout = tab.evaluate(PRINTED_LAYOUT)
    finally:
        tab.close()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= PRINTED_PAGES, f"the {lang} cheatsheet prints on {pages} pages, not {PRINTED_PAGES} at most"
    sizes = {(round(float(w)), round(float(h))) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert sizes == {(842, 595)}, f"pages of {sizes} pt, not A4 landscape (the @page of print.css is not applied)"
    assert abs(layout["width"] - PRINTED_WIDTH) <= 1, f"the content is {layout['width']}px wide, the printed page {PRINTED_WIDTH}px"
    assert layout["codePx"] >= 10, f"printed code down to {layout['codePx'] * 0.75}pt (at least 7.5pt)"
    overflowing = layout["overflowing"]
    assert not overflowing, f"{len(overflowing)} boxes overflow when printed, the first: {overflowing[:3]}"
    assert not layout["wider"], f"{layout['wider']} tables or code blocks are wider than their printed column"
    assert not layout["headingsLeft"] and not layout["rowsSplit"], "a heading may end a column, or a row be split"
    assert layout["hidden"], "navigation, sidebars or footer are printed"


# backs: index.md "with the pinned torch ... and, for the blocks that import them, matplotlib, safetensors, NumPy and the ONNX packages ... the one block that measures time"
def test_home_page_names_every_package_the_snippets_import_and_the_one_varying_output():
    import ast
    import sys
    import tomllib

    from markdown_pages import ROOT
    from snippet_runner import SNIPPETS, SNIPPETS_DIR, output_file

    imported = {}
    for path in SNIPPETS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "torch":
                    imported.setdefault(top, set()).add(path.stem)
    assert sorted(imported) == ["matplotlib", "numpy", "onnx", "onnxruntime", "safetensors"]
    assert all(len(users) == 1 for users in imported.values()), "each is imported by one example"
    varying = [p for p in SNIPPETS if output_file(p).name.endswith(".sample.out")]
    assert [p.relative_to(SNIPPETS_DIR).as_posix() for p in varying] == ["distributed/g08_sync_in_loop.py"]
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.startswith("torch==") for d in dependencies), "torch is pinned"
    assert {d.split("==")[0].split(">=")[0] for d in dependencies} >= {"torch", "matplotlib", "safetensors", "numpy", "onnx", "onnxscript", "onnxruntime"}
    text = " ".join((DOCS / "index.md").read_text(encoding="utf-8").split())
    assert "matplotlib, safetensors, NumPy and the ONNX packages (onnx, onnxscript, onnxruntime;" in text and "pinned torch" in text


# backs: cheatsheet.md "Inference only: no graph, results never saved for backward"
def test_inference_mode_results_cannot_be_saved_for_backward_but_are_no_graph():
    import torch

    with torch.inference_mode():
        Y = torch.ones(2) * 2
    assert Y.is_inference() and Y.grad_fn is None
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        (Y * w).sum().backward()


def _run_rows_until(section: str, marker: str) -> dict:
    """What the section's program leaves (as test_each_one_liner_returns_what_the_cheatsheet_says
    runs it, each line checked): the setup, then its lines up to the first containing `marker`."""
    lines = [code for _, code, _ in tables("en")[section]]
    end = next((i for i, line in enumerate(lines) if marker in line), None)
    assert end is not None, f"no line containing {marker!r} in #{section}"
    where = f"docs/cheatsheet.md#{section}"
    return run_code(program(setup_code("en"), lines[: end + 1]), where).check(where).namespace


# backs: cheatsheet.md "Every weight constant: hidden units stay identical (don't)"
def test_every_weight_constant_keeps_the_hidden_units_identical():
    import torch
    from torch import nn

    ns = _run_rows_until("initialization", "nn.init.constant_(layer.weight, 1)")
    net, X = ns["net"], ns["X"]
    nn.functional.mse_loss(net(X), torch.ones(2, 1)).backward()
    grad = net[0].weight.grad
    assert grad.abs().sum() > 0 and len(torch.unique(grad, dim=0)) == 1, "a gradient, the same for every unit"
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(100):
        optimizer.step()
        optimizer.zero_grad()
        nn.functional.mse_loss(net(X), torch.ones(2, 1)).backward()
    assert len(torch.unique(net[0].weight.detach(), dim=0)) == 1


# backs: cheatsheet.md "… the first call infers the shape and initializes"
def test_lazy_layer_first_call_infers_the_shape_and_initializes():
    from torch import nn
    from torch.nn.parameter import UninitializedParameter

    ns = _run_rows_until("initialization", "lazy = nn.LazyLinear(8)")
    lazy, X = ns["lazy"], ns["X"]
    assert isinstance(lazy.weight, UninitializedParameter)
    lazy(X)
    assert type(lazy) is nn.Linear and not isinstance(lazy.weight, UninitializedParameter)
    assert 0 < lazy.weight.abs().max() <= 1 / 4 ** 0.5, "Linear's default initialization, fan_in 4"


# backs: cheatsheet.md "A list: a view still shares its tensor's memory" and "… a slice alone: clone it, or its whole tensor is saved"
def test_a_view_saved_with_its_tensor_costs_nothing_and_a_slice_alone_needs_clone():
    import io
    import zipfile

    import torch

    X = torch.rand(2, 4)

    def data_bytes(obj):
        buffer = io.BytesIO()
        torch.save(obj, buffer)
        with zipfile.ZipFile(buffer) as archive:
            return sorted(i.file_size for i in archive.infolist() if "/data/" in i.filename and not i.filename.endswith("serialization_id"))

    assert data_bytes([X, X[0]]) == [32], "one storage: the view adds no data"
    assert data_bytes([X, X[0].clone()]) == [16, 32], "clone() next to its tensor only adds bytes"
    assert data_bytes(X[0]) == [32] and data_bytes(X[0].clone()) == [16]
    buffer = io.BytesIO()
    torch.save([X, X[0]], buffer)
    buffer.seek(0)
    whole, row = torch.load(buffer)
    assert row.untyped_storage().data_ptr() == whole.untyped_storage().data_ptr()
