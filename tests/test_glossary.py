"""One vocabulary for both languages.

glossary/terms.md is the glossary: one Markdown table row per concept,

    | English | 中文 (the one preferred term) | also typed as, 、-separated | rejected variants, 、-separated | not a variant, 、-separated | [id](page.md#anchor) |

read here, rows sorted by the English term. The readers' table on docs/glossary.md and
docs/glossary.zh.md (English, 中文, also typed as, first explained) is generated from it between
the markers below: `pytest tests/test_glossary.py --update-outputs` (make outputs does it).

A Chinese page that uses a rejected variant in its prose fails, naming file:line, the variant
and the preferred term. Not checked: code (fenced blocks, `code spans`), link targets, HTML
tags, `{ #anchors }`, quoted Latin-only text ("an error message"), and a variant in a gloss
right after the preferred term: 元设备（meta device）. "Not a variant" words are longer words
that contain a rejected one and are fine (笔记本电脑, 边界 for 界). "Also typed as" lists the
words readers search with (English or Chinese, a rejected variant among them: 模型结构 for
架构); they may appear on the task index and the glossary page only (ALIAS_PAGES), so that
search finds them there, and are rejected everywhere else.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from markdown_pages import DOCS, MARKUP, ROOT, anchors, check_generated_part, outside_code

TERMS_FILE = ROOT / "glossary" / "terms.md"
GLOSSARY_PAGES = {"en": DOCS / "glossary.md", "zh": DOCS / "glossary.zh.md"}
ALIAS_PAGES = {DOCS / "tasks.zh.md", DOCS / "glossary.zh.md"}  # where readers' words are shown, for search
CJK = re.compile(r"[\u3400-\u9fff]")
START = "<!-- glossary: generated from glossary/terms.md by `pytest tests/test_glossary.py --update-outputs` -->"
END = "<!-- glossary: end -->"
HEADER = {
    "en": "| English | Chinese | Also typed as | First explained |\n|---|---|---|---|",
    "zh": "| 英文 | 中文 | 又称 | 首次讲解 |\n|---|---|---|---|",
}


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    aliases: tuple[str, ...]
    rejected: tuple[str, ...]
    fine: tuple[str, ...]
    label: str
    page: str
    anchor: str
    line: int


_LINK = re.compile(r"^\[([\w-]+)\]\(([\w-]+)\.md#([\w-]+)\)$")


def _words(cell: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in cell.split("、") if w.strip())


def parse(text: str, name: str = "glossary/terms.md") -> list[Term]:
    terms = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.strip().removeprefix("|").removesuffix("|").split("|")]
        assert len(cells) == 6, (
            f"{name}:{n}: a row has 6 cells (English | 中文 | also typed as | rejected | not a variant | link), not {len(cells)}")
        english, chinese, aliases, rejected, fine, link = cells
        target = _LINK.match(link)
        assert english and chinese and target, f"{name}:{n}: needs an English term, a Chinese term and a link [id](page.md#anchor)"
        terms.append(Term(english, chinese, _words(aliases), _words(rejected), _words(fine), *target.groups(), n))
    return terms


TERMS = parse(TERMS_FILE.read_text(encoding="utf-8"))

_QUOTED = re.compile(r'"[\x20-\x7e]*?"')  # quoted Latin-only text: error messages


def prose_lines(text: str):
    """(line number, prose of that line) for the Markdown text, code and markup blanked."""
    for n, line in outside_code(text):
        for pattern in MARKUP + [_QUOTED]:
            line = pattern.sub(" ", line)
        yield n, line.replace("**", "")


def misuses(text: str, terms=TERMS, aliases=False):
    """(line, variant, term) for each rejected variant in the prose of the text; with aliases=True
    (the pages of ALIAS_PAGES) a variant that is one of its term's "also typed as" words is allowed."""
    for n, line in prose_lines(text):
        for term in terms:
            s = re.sub(re.escape(term.chinese) + r"（[^）]*）", term.chinese, line)  # 元设备（meta device）
            for ok in term.fine + (term.aliases if aliases else ()):
                s = s.replace(ok, "\0")
            for variant in term.rejected:
                if variant in s:
                    yield n, variant, term


def chinese_sources() -> list[Path]:
    pages = sorted(DOCS.glob("*.zh.md"))
    return pages + [ROOT / "README.md", ROOT / "CONTRIBUTING.md"] + sorted((ROOT / "hooks").glob("*.py"))


def _chinese_text(path: Path) -> str:
    """A .zh.md page whole; elsewhere only the lines with Chinese (line numbers kept)."""
    text = path.read_text(encoding="utf-8")
    if path == GLOSSARY_PAGES["zh"]:  # its table's first column is the English term
        return re.sub(r"^\| [^|]+ \|", "| |", text, flags=re.M)
    if path.name.endswith(".zh.md"):
        return text
    return "\n".join(line if CJK.search(line) else "" for line in text.splitlines())


@pytest.mark.parametrize("path", chinese_sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chinese_text_uses_the_glossary_terms(path):
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{n}: “{variant}” → use “{term.chinese}” ({term.english}; glossary/terms.md:{term.line})"
        for n, variant, term in misuses(_chinese_text(path), aliases=path in ALIAS_PAGES)
    ]
    assert not found, "Chinese text uses a variant the glossary rejects:\n" + "\n".join(found)


def test_an_alias_is_allowed_on_the_task_and_glossary_pages_only():
    """模型结构 is what readers type for 架构: the task index and the glossary page may show it (so
    search finds it there), every other page is still held to the preferred term."""
    rejected_aliases = [(term, a) for term in TERMS for a in term.aliases if a in term.rejected]
    assert len(rejected_aliases) >= 10, "the glossary lists the rejected words readers type as aliases"
    for term, alias in rejected_aliases:
        text = f"# 我想…… {{ #x }}\n\n| 查看{alias} | [链接](tasks.md#x) |\n"
        assert list(misuses(text, [term], aliases=True)) == []
        assert [(n, v) for n, v, _ in misuses(text, [term])] == [(3, alias)]
    text = "这里写了一声不吭。"  # a rejected variant that is nobody's alias fails on those pages too
    assert [v for _, v, _ in misuses(text, aliases=True)] == ["一声不吭"]
    assert ALIAS_PAGES <= set(chinese_sources())


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


def reader_table(lang: str) -> str:
    """The readers' table: each term, its Chinese, the words readers also type, where it is explained."""
    join = ", " if lang == "en" else "、"
    rows = [f"| {t.english} | {t.chinese} | {join.join(t.aliases)} | [{t.label}]({t.page}.md#{t.anchor}) |".replace("|  |", "| |")
            for t in TERMS]
    return f"{START}\n\n{HEADER[lang]}\n" + "\n".join(rows) + f"\n\n{END}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_glossary_page_shows_the_current_terms(lang, request):
    check_generated_part(GLOSSARY_PAGES[lang], START, END, reader_table(lang), request.config.getoption("--update-outputs"),
                         "the glossary table is stale: run `pytest tests/test_glossary.py --update-outputs`")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_glossary_page_shows_readers_nothing_of_the_lint(lang):
    """The rejected variants and the test are for writers (CONTRIBUTING.md), not for readers."""
    text = GLOSSARY_PAGES[lang].read_text(encoding="utf-8")
    shown = text.replace(text[text.index(START): text.index(END)], "")
    for word in ("test", "reject", "variant", "测试", "不用的译法", "不算误用", "terms.md"):
        assert word not in shown, f"{GLOSSARY_PAGES[lang].name} shows readers {word!r}"


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
