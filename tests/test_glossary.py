"""One vocabulary for both languages.

glossary/terms.md is the glossary: one Markdown table row per concept,

    | English | 中文 (the one preferred term) | rejected variants, 、-separated | not a variant, 、-separated | [id](page.md#anchor) |

shown on docs/glossary.md and docs/glossary.zh.md (both include it with pymdownx.snippets) and
read here, rows sorted by the English term. A Chinese page that uses a rejected variant in its prose fails, naming file:line,
the variant and the preferred term. Not checked: code (fenced blocks, `code spans`), link
targets, HTML tags, `{ #anchors }`, quoted Latin-only text ("an error message"), and a
variant in a gloss right after the preferred term: 元设备（meta device）. "Not a variant" words
are longer words that contain a rejected one and are fine (笔记本电脑, 边界 for 界).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from markdown_pages import DOCS, ROOT, anchors, expand, includes

TERMS_FILE = ROOT / "glossary" / "terms.md"
GLOSSARY_PAGES = [DOCS / "glossary.md", DOCS / "glossary.zh.md"]
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    rejected: tuple[str, ...]
    fine: tuple[str, ...]
    page: str
    anchor: str
    line: int


_LINK = re.compile(r"^\[[\w-]+\]\(([\w-]+)\.md#([\w-]+)\)$")


def _words(cell: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in cell.split("、") if w.strip())


def parse(text: str, name: str = "glossary/terms.md") -> list[Term]:
    terms = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.strip().removeprefix("|").removesuffix("|").split("|")]
        assert len(cells) == 5, f"{name}:{n}: a row has 5 cells (English | 中文 | rejected | not a variant | link), not {len(cells)}"
        english, chinese, rejected, fine, link = cells
        target = _LINK.match(link)
        assert english and chinese and target, f"{name}:{n}: needs an English term, a Chinese term and a link [id](page.md#anchor)"
        terms.append(Term(english, chinese, _words(rejected), _words(fine), target[1], target[2], n))
    return terms


TERMS = parse(TERMS_FILE.read_text(encoding="utf-8"))

_FENCE = re.compile(r"^\s*(```|~~~)")
_STRIP = [
    re.compile(r"(`+).+?\1"),            # code spans
    re.compile(r"(?<=\])\([^)]*\)"),      # link targets
    re.compile(r"<[^>]*>"),               # HTML tags and comments
    re.compile(r"\{[^}]*\}"),             # { #anchor } and attribute lists
    re.compile(r'"[\x20-\x7e]*?"'),       # quoted Latin-only text: error messages
]


def prose_lines(text: str):
    """(line number, prose of that line) for the Markdown text, code and markup blanked."""
    in_fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.lstrip().startswith("--8<--"):
            continue
        for pattern in _STRIP:
            line = pattern.sub(" ", line)
        yield n, line.replace("**", "")


def misuses(text: str, terms=TERMS):
    """(line, variant, term) for each rejected variant in the prose of the text."""
    for n, line in prose_lines(text):
        for term in terms:
            s = re.sub(re.escape(term.chinese) + r"（[^）]*）", term.chinese, line)  # 元设备（meta device）
            for ok in term.fine:
                s = s.replace(ok, "\0")
            for variant in term.rejected:
                if variant in s:
                    yield n, variant, term


def chinese_sources() -> list[Path]:
    pages = [p for p in sorted(DOCS.glob("*.zh.md")) if p.name != "glossary.zh.md"]
    return pages + [ROOT / "README.md", ROOT / "CONTRIBUTING.md"] + sorted((ROOT / "hooks").glob("*.py"))


def _chinese_text(path: Path) -> str:
    """A .zh.md page whole; elsewhere only the lines with Chinese (line numbers kept)."""
    text = path.read_text(encoding="utf-8")
    if path.name.endswith(".zh.md"):
        return text
    return "\n".join(line if CJK.search(line) else "" for line in text.splitlines())


@pytest.mark.parametrize("path", chinese_sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chinese_text_uses_the_glossary_terms(path):
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{n}: “{variant}” → use “{term.chinese}” ({term.english}; glossary/terms.md:{term.line})"
        for n, variant, term in misuses(_chinese_text(path))
    ]
    assert not found, "Chinese text uses a variant the glossary rejects:\n" + "\n".join(found)


@pytest.mark.parametrize("term", [t for t in TERMS if t.rejected], ids=lambda t: t.english)
def test_a_planted_variant_is_caught(term):
    for variant in term.rejected:
        text = f"# 标题 {{ #x }}\n\n正文第一行。\n这里写了{variant}，应当报错。\n"
        assert [(n, v, t.chinese) for n, v, t in misuses(text, [term])] == [(4, variant, term.chinese)]


def test_code_quotes_glosses_and_fine_words_are_not_flagged():
    text = "\n".join([
        "```python",
        "notebook = 1  # 笔记本",
        "```",
        "    ```text",
        "    折角",
        "    ```",
        "代码 `meta device` 和 `笔记本` 不算；报错 \"RuntimeError: the notebook died\" 也不算。",
        "**元设备**（meta device）是首选术语加注释；数据类型（dtype）也一样。",
        "在笔记本电脑上跑；Xavier 的边界；图形界面。",
        "[元设备](notebooks/kink.md#meta-device) 链接目标不算 { #kink }",
    ])
    assert list(misuses(text)) == []
    assert sorted((n, v) for n, v, _ in misuses(text + "\n打开笔记本，放到 meta 设备上。")) == [(11, "meta 设备"), (11, "笔记本")]


def test_preferred_terms_are_not_rejected_anywhere():
    for term in TERMS:
        assert list(misuses(term.chinese)) == [], f"{term.chinese} ({term.english}) is rejected by another entry"


def test_each_concept_has_one_entry():
    for key in ("english", "chinese"):
        values = [getattr(t, key) for t in TERMS]
        assert len(values) == len(set(values)), f"duplicate {key} terms: {sorted({v for v in values if values.count(v) > 1})}"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.english)
def test_first_explained_link_resolves_in_both_languages(term):
    for page in (DOCS / f"{term.page}.md", DOCS / f"{term.page}.zh.md"):
        assert page.exists(), f"glossary/terms.md:{term.line}: {term.english} links to {page.name}, which does not exist"
        assert term.anchor in anchors(page.read_text(encoding="utf-8")), (
            f"glossary/terms.md:{term.line}: {term.english} links to {page.name}#{term.anchor}, which has no such anchor"
        )


def _table_rows(page: Path) -> list[str]:
    lines = expand(page).splitlines()
    return [line for line in lines if line.startswith("| ")][1:]  # the header row first


def test_both_glossary_pages_show_the_same_entries():
    for page in GLOSSARY_PAGES:
        assert includes(page).count("glossary/terms.md") == 1, f"{page.name} must include glossary/terms.md once"
        assert parse("\n".join(_table_rows(page)), page.name) == TERMS, f"{page.name} must show exactly the rows of glossary/terms.md"
        header = [line for line in expand(page).splitlines() if line.startswith("| ")][0]
        assert header.count("|") == 6, f"{page.name}: the header needs the same 5 columns as the rows"


def test_the_glossary_is_linked_from_both_home_pages():
    for page in (DOCS / "index.md", DOCS / "index.zh.md"):
        assert "](glossary.md)" in page.read_text(encoding="utf-8"), f"{page.name} must link to the glossary"


_ITALIC = re.compile(r"(?<![*A-Za-z0-9])\*(?![*\s])([^*]+?)\*(?![*A-Za-z0-9])|(?<![A-Za-z0-9_])_(?![_\s])([^_]+?)_(?![A-Za-z0-9_])")


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.zh.md")), ids=lambda p: p.name)
def test_no_italics_in_chinese_text(path):
    """Chinese fonts have no italics: the browser slants the glyphs, which reads badly."""
    found = [
        f"{path.name}:{n}: {m.group(0)}"
        for n, line in prose_lines(path.read_text(encoding="utf-8"))
        for m in _ITALIC.finditer(line)
        if CJK.search(m.group(0))
    ]
    assert not found, "italic Chinese text (use plain wording or **bold**):\n" + "\n".join(found)


def test_a_planted_italic_is_caught():
    def italics(line):
        return [m.group(0) for _, s in prose_lines(line) for m in _ITALIC.finditer(s) if CJK.search(m.group(0))]

    assert italics("重复的是*同一个对象*：三个位置") == ["*同一个对象*"]
    assert italics("推迟的是_内存_。") == ["_内存_"]
    assert italics("取 *a* = 1/2、*b* = 3；**加粗**不算；`*星号*` 在代码里；snake_case_name") == []


def test_entries_are_in_alphabetical_order():
    english = [t.english.lower() for t in TERMS]
    assert english == sorted(english), "glossary/terms.md: keep the rows sorted by their English term (case-insensitive)"
