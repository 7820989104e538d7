"""Each chapter page as a Jupyter notebook in its language: the page's prose becomes
Markdown cells, each snippet a code cell that carries the output the page shows.

`make outputs` writes them to docs/notebooks/<page>.ipynb and <page>.zh.ipynb (the site
renders them with mkdocs-jupyter and offers them for download); tests/test_notebooks.py
checks that they are current and tests/test_browser.py downloads and runs them."""

import re
from pathlib import Path

from extensions.cjk_linebreaks import join_cjk_lines
from markdown_pages import DOCS, all_pages, code_blocks, expand, includes

NOTEBOOKS = DOCS / "notebooks"

_COMPAT = re.compile(r"^<!-- compat -->\n.*?^<!-- /compat -->\n\n?", re.M | re.S)  # the torch-versions line: page only
_MARKER = re.compile(r"^<!--.*?-->\n", re.M)
_OUTPUT = re.compile(r'^```text title="[^"]*"\n.*?^```\n', re.M | re.S)
_TITLE = re.compile(r'^```python title="[^"]*"$', re.M)
_SHELL = re.compile(r"^```(sh|bash|console)\b.*$", re.M)
_ANCHOR = re.compile(r"\s*\{\s*#([\w-]+)\s*\}$", re.M)
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?\n", re.M)
_LINK = re.compile(r"\]\((?!https?:)([\w-]+)\.md(#[\w-]+)?\)")
_ADMONITION = re.compile(r'^!!! \w+ "([^"]*)"\n((?:    .*\n|\n)*)', re.M)


def chapter_pages() -> list[Path]:
    """Pages that show snippets, in both languages."""
    return [p for p in all_pages() if any(i.startswith("snippets/") for i in includes(p))]


def notebook_path(page: Path) -> Path:
    return NOTEBOOKS / (page.name.removesuffix(".md") + ".ipynb")


def _as_blockquote(match: re.Match) -> str:
    body = "\n".join(("> " + line[4:]).rstrip() for line in match.group(2).rstrip("\n").splitlines())
    return f"> **{match.group(1)}**\n>\n{body}\n\n"


def _notebook_markdown(page: Path) -> str:
    text = join_cjk_lines(expand(page))  # as on the page: no stray spaces in Chrome (nbconvert renders the cells)
    text = _COMPAT.sub("", text)
    text = _MARKER.sub("", text)
    text = _OUTPUT.sub("", text)
    text = _TITLE.sub("```python", text)
    text = _SHELL.sub("```console", text)  # shown, not run (jupytext would make ```sh a %%sh cell); Jupyter shows a shell command
    text = _ANCHOR.sub(r' <a id="\1"></a>', text)  # the page's anchors, the same in both languages
    text = _IMAGE.sub("", text)
    text = _ADMONITION.sub(_as_blockquote, text)
    # the notebook page lives at notebooks/<page>/ on the site: links go back up to the chapters
    return _LINK.sub(lambda m: f"](../../{m.group(1)}/{m.group(2) or ''})", text)


def chapter_notebook(page: Path) -> str:
    """The notebook for a chapter page, as the .ipynb text to write (deterministic)."""
    import jupytext
    import nbformat

    outputs = [b.expected_output for _, b in code_blocks(page) if (b.syntax or "").split(" ")[0] == "python"]
    nb = jupytext.reads(_notebook_markdown(page), fmt="md")
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code_cells) == len(outputs), f"{page.name}: {len(code_cells)} code cells for {len(outputs)} python blocks"
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
        cell.metadata = {}
        cell.source = cell.source.rstrip("\n")
    for cell, output in zip(code_cells, outputs):
        cell.execution_count = None
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output.rstrip("\n") + "\n")] if output else []
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
