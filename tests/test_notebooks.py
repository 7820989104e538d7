"""Each chapter is also a notebook per language (docs/notebooks/), generated from the same
page and snippets: current, same code in both languages. tests/test_browser.py downloads
them from the built site and runs them top to bottom."""

import json
from importlib.util import find_spec

import pytest

if find_spec("jupytext") is None:  # looked up, not imported: importing it costs every pytest run (-k b01 too) 0.35 s
    pytest.skip("the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)", allow_module_level=True)

from chapter_notebooks import chapter_notebook, chapter_pages, notebook_path
from markdown_pages import chinese_twin, english_pages

CHAPTERS = chapter_pages()


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_current(page, request):
    path = notebook_path(page)
    expected = chapter_notebook(page)
    if request.config.getoption("--update-outputs"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(expected, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing: run `make outputs`"
    assert path.read_text(encoding="utf-8") == expected, f"{path.name} is stale: run `make outputs`"


@pytest.mark.parametrize("page", [p for p in english_pages() if p in CHAPTERS], ids=lambda p: p.name)
def test_notebook_code_is_the_same_in_both_languages(page):
    def code(p):  # the committed notebooks, which test_notebook_is_current proves current
        return [c["source"] for c in json.loads(notebook_path(p).read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]

    assert code(page) == code(chinese_twin(page))


def test_every_notebook_belongs_to_a_chapter():
    expected = {notebook_path(p).name for p in CHAPTERS}
    present = {p.name for p in notebook_path(CHAPTERS[0]).parent.glob("*.ipynb")}
    assert present == expected, f"stale notebooks: {present - expected}, missing: {expected - present}"
