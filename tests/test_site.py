"""The two languages mirror each other, and every snippet is shown on its page in both."""

import re

import pytest

from markdown_pages import DOCS, ROOT, anchors, chinese_twin, english_pages, includes
from snippet_runner import SNIPPETS, output_file, snippet_id

PAGES = english_pages()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_chinese_twin_mirrors_english_page(page):
    twin = chinese_twin(page)
    assert twin.exists(), f"{twin.relative_to(ROOT)} is missing: every English page needs its Chinese twin"
    same_lines = [i.replace("snippets/compat.zh.md:", "snippets/compat.md:") for i in includes(twin)]  # the line under each example, in its language
    assert same_lines == includes(page), f"{twin.name} must include the same files as {page.name}, in the same order"
    assert anchors(twin.read_text(encoding="utf-8")) == anchors(page.read_text(encoding="utf-8")), (
        f"{twin.name} must have the same heading anchors as {page.name}, in the same order"
    )


def test_no_orphan_chinese_page():
    orphans = [p.name for p in DOCS.rglob("*.zh.md") if not p.with_name(p.name.removesuffix(".zh.md") + ".md").exists()]
    assert not orphans


@pytest.mark.parametrize("path", SNIPPETS, ids=snippet_id)
def test_snippet_is_shown_with_its_output_in_its_section(path):
    """snippets/<page>/<id>_<name>.py is shown, with <id>_<name>.out, on docs/<page>.md under
    the heading anchored #<id>-<name> (so a snippet's name tells where to find it)."""
    page = DOCS / f"{path.parent.name}.md"
    code, out = path.relative_to(ROOT).as_posix(), output_file(path).relative_to(ROOT).as_posix()
    anchor = path.stem.replace("_", "-")
    for p in (page, chinese_twin(page)):
        assert p.exists(), f"{snippet_id(path)} belongs on {p.relative_to(ROOT)}, which does not exist"
        shown = includes(p)
        assert code in shown and out in shown, f"{p.name} must include {code} and {out}"
        assert shown.index(out) == shown.index(code) + 1, f"{p.name}: {out} must follow {code}"
        assert anchor in anchors(p.read_text(encoding="utf-8")), f"{p.name} has no section {{ #{anchor} }}"


ANNOTATION = re.compile(r"# \((\d+)\)!")


@pytest.mark.parametrize("path", [s for s in SNIPPETS if ANNOTATION.search(s.read_text(encoding="utf-8"))], ids=snippet_id)
def test_code_annotations_are_explained_on_both_pages(path):
    """Each `# (n)!` marker in a snippet needs item n in the list right after its code block,
    or Material shows the raw comment."""
    markers = [int(n) for n in ANNOTATION.findall(path.read_text(encoding="utf-8"))]
    assert markers == list(range(1, len(markers) + 1)), f"{snippet_id(path)}: markers must be (1)!, (2)!, … in order"
    include = f'--8<-- "{path.relative_to(ROOT).as_posix()}"'
    for page in (DOCS / f"{path.parent.name}.md", chinese_twin(DOCS / f"{path.parent.name}.md")):
        after = page.read_text(encoding="utf-8").split(include, 1)[1].split("```", 1)[1]
        items = re.findall(r"^(\d+)\.  \S", after.split("<!--", 1)[0], re.M)
        assert items == [str(n) for n in markers], f"{page.name}: {path.name} has {len(markers)} annotation(s), the list after it {items}"
