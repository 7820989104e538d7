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
ANCHOR = re.compile(r"^#{1,6} .*\{\s*#([\w-]+)\s*\}\s*$", re.M)


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
    return ANCHOR.findall(text)


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
