"""The overview pages: every one-liner on the cheatsheet is true, the cheatsheet covers every
example of the site and prints on a few A4 pages, and the home page lists every page.

How a cheatsheet table is tested: its code cells, exactly as the page shows them, become one
program: the page's setup block, then each line in table order. A line ending in `# → X`
must return a value whose repr is X, or raise an exception of type X; any other line must
run without an error. The program runs like a snippet (tests/snippet_runner.py: fresh
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


def program(setup: str, lines: list[str]) -> str:
    """The setup, then each line, run as shown and checked against its `# →` comment."""
    out = [setup, CHECK]
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


def test_home_page_lists_every_page():
    pages = [p for p in nav_pages() if p != "index"]
    for home in (DOCS / "index.md", DOCS / "index.zh.md"):
        chapters = home.read_text(encoding="utf-8").split("{ #chapters }", 1)[1].split("\n## ", 1)[0]
        listed = re.findall(r"^\| \[[^\]]+\]\(([\w-]+)\.md\)", chapters, re.M)
        assert listed == pages, f"{home.name}: the chapters table must list every page of the nav, in its order"


PRINTED_PAGES = 6  # measured: 5 A4 pages in each language (Chromium, docs/assets/stylesheets/print.css)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cheatsheet_prints_on_a_few_a4_pages(browser, site, lang):
    tab = browser.new_page(viewport={"width": 726, "height": 1000})  # A4 less the print margins, at 96 dpi
    try:
        tab.goto(f"{site}{'zh/' if lang == 'zh' else ''}cheatsheet/", wait_until="networkidle")
        pdf = tab.pdf(format="A4")
        tab.emulate_media(media="print")
        hidden = tab.evaluate("[...document.querySelectorAll('.md-header, .md-sidebar, .md-footer')].every(e => !e.offsetParent)")
        overflow = tab.evaluate("Math.max(...[...document.querySelectorAll('article table')].map(t => t.scrollWidth - t.parentElement.clientWidth))")
    finally:
        tab.close()
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= PRINTED_PAGES, f"the {lang} cheatsheet prints on {pages} A4 pages"
    assert hidden, "navigation, sidebars or footer are printed"
    assert overflow <= 0, f"a table is {overflow}px wider than the printed page"
