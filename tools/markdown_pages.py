"""The docs pages as the site builds them: listed, twinned, and expanded with the real
pymdownx.snippets preprocessor (configured from mkdocs.yml), then split into code blocks
by pytest-codeblocks' parser."""

import io
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$', re.M)
HEADING = re.compile(r"^#{1,6} (.*?)\s*\{\s*#([\w-]+)\s*\}\s*$", re.M)  # a heading with an explicit anchor
FENCE = re.compile(r"^\s*(```|~~~)")
MARKUP = [  # what a line of Markdown holds that is not prose (the prose lints blank it)
    re.compile(r"(`+).+?\1"),            # code spans
    re.compile(r"(?<=\])\([^)]*\)"),      # link targets
    re.compile(r"<[^>]*>"),               # HTML tags and comments
    re.compile(r"\{[^}]*\}"),             # { #anchor } and attribute lists
]


def nav_pages() -> list[str]:
    """Page names (`blocks`, `init-custom`, …) in the order of mkdocs.yml's nav."""
    nav = re.search(r"^nav:\n((?:[ \t-].*\n|\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return re.findall(r"([\w-]+)\.md\b", nav.group(1))


def english_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".zh.md"))


def chinese_twin(page: Path) -> Path:
    return page.with_name(page.name.removesuffix(".md") + ".zh.md")


def all_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def includes(page: Path) -> list[str]:
    """Paths in `--8<-- "path"` lines, in order."""
    return INCLUDE.findall(page.read_text(encoding="utf-8"))


def anchors(text: str) -> list[str]:
    """Explicit heading anchors (`## Title { #id }`), in order."""
    return [anchor for _, anchor in HEADING.findall(text)]


def page_file(name: str, lang: str) -> Path:
    """docs/<name>.md, or its Chinese twin docs/<name>.zh.md."""
    return DOCS / (f"{name}.md" if lang == "en" else f"{name}.zh.md")


@cache
def section_titles(page: Path) -> dict[str, str]:
    """{anchor: title} for the headings of a page that carry an explicit anchor."""
    return {anchor: title for title, anchor in HEADING.findall(page.read_text(encoding="utf-8"))}


@cache
def _snippet_preprocessor():
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), plugins=[], hooks=[])  # the Markdown settings only: 0.3 s, not 1.3 s
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": config.mdx_configs["pymdownx.snippets"]},
    )
    return md.preprocessors["snippet"]


@cache
def expand(page: Path) -> str:
    """The page's Markdown after pymdownx.snippets has inlined every `--8<--` include."""
    return "\n".join(_snippet_preprocessor().run(page.read_text(encoding="utf-8").splitlines())) + "\n"


def code_blocks(page: Path):
    """(section anchor, CodeBlock) for each fenced block of the expanded page."""
    from pytest_codeblocks.main import extract_from_buffer

    text = expand(page)
    lines = text.splitlines()
    for block in extract_from_buffer(io.StringIO(text)):
        above = "\n".join(lines[: block.lineno])
        section = (anchors(above) or ["top"])[-1]
        yield section, block


def outside_code(text: str):
    """(line number, line) for each line of a Markdown page outside fenced code and snippet includes."""
    in_fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and not line.lstrip().startswith("--8<--"):
            yield n, line


def check_generated_part(page: Path, start: str, end: str, expected: str, update: bool, stale: str):
    """The part of `page` from the marker `start` to `end` is `expected` (a generated list or
    table): rewritten when `update` (--update-outputs), else an assertion that fails with `stale`."""
    text = page.read_text(encoding="utf-8")
    assert text.count(start) == 1 and text.count(end) == 1, f"{page.name}: the markers of its generated part are missing"
    current = text[text.index(start): text.index(end) + len(end)]
    if update:
        page.write_text(text.replace(current, expected), encoding="utf-8")
    else:
        assert current == expected, f"{page.name}: {stale}"
