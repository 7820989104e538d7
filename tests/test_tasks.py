"""The task index (docs/tasks.md, docs/tasks.zh.md): what readers want to do, in their words,
each task linking to the sections that show it done.

Written by hand, checked here: every link reaches an existing section, every example of the
site is reached from at least one task, both languages list the same tasks with the same links,
and each link's text is its section's title (the site's rule for links to a section). After a
title changes, rewrite the link texts:

    pytest tests/test_tasks.py --update-outputs     # make outputs does it
"""

import re

import pytest

from markdown_pages import DOCS, anchors, english_pages, nav_pages, page_file, section_titles

PAGES = {"en": DOCS / "tasks.md", "zh": DOCS / "tasks.zh.md"}
LINK = re.compile(r"\[((?:[^\[\]`]|`[^`]*`)+)\]\(([\w-]+)\.md#([\w-]+)\)")
ROW = re.compile(r"^\| (?!---)(.+?) \| (.+) \|$", re.M)
EXAMPLE = re.compile(r"[a-z]\d\d-[\w-]+")  # a curriculum row's section: b01-sequential, q04-pitfalls


def titles(name: str, lang: str) -> dict[str, str]:
    return section_titles(page_file(name, lang))


def tasks(lang: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(section anchor, task, [(link text, page, anchor), …]) for every row of the page's tables."""
    text = PAGES[lang].read_text(encoding="utf-8")
    found = []
    for part in re.split(r"^(?=## )", text, flags=re.M)[1:]:
        section = anchors(part)[0]
        for task, cell in ROW.findall(part):
            if task.startswith(("Task", "要做的事")):
                continue
            found.append((section, task, LINK.findall(cell)))
    return found


def test_there_are_enough_tasks_and_each_has_a_link():
    for lang in PAGES:
        rows = tasks(lang)
        assert len(rows) >= 60, f"{PAGES[lang].name}: {len(rows)} tasks"
        assert all(links for _, _, links in rows), f"{PAGES[lang].name}: a task without a link"


def test_every_link_reaches_an_existing_section():
    for lang in PAGES:
        for _, task, links in tasks(lang):
            for _, name, anchor in links:
                assert page_file(name, lang).exists(), f"{PAGES[lang].name}: {task!r} links to {name}.md, which does not exist"
                assert anchor in titles(name, lang), f"{PAGES[lang].name}: {task!r} links to {name}.md#{anchor}, which has no such section"


def test_every_example_of_the_site_is_reached_from_a_task():
    examples = {f"{page.stem}#{a}" for page in english_pages() for a in anchors(page.read_text(encoding="utf-8")) if EXAMPLE.fullmatch(a)}
    assert len(examples) >= 97
    for lang in PAGES:
        reached = {f"{name}#{anchor}" for _, _, links in tasks(lang) for _, name, anchor in links}
        assert examples - reached == set(), f"{PAGES[lang].name}: examples no task leads to"


def test_both_languages_list_the_same_tasks_with_the_same_links():
    en, zh = ([(section, [(n, a) for _, n, a in links]) for section, _, links in tasks(lang)] for lang in ("en", "zh"))
    assert zh == en, "tasks.zh.md must have the same rows as tasks.md, in the same sections and order, linking to the same sections"
    assert anchors(PAGES["zh"].read_text(encoding="utf-8")) == anchors(PAGES["en"].read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_link_texts_are_the_section_titles(lang, request):
    page = PAGES[lang]
    text = page.read_text(encoding="utf-8")
    expected = LINK.sub(lambda m: f"[{titles(m[2], lang)[m[3]]}]({m[2]}.md#{m[3]})", text)
    if request.config.getoption("--update-outputs"):
        page.write_text(expected, encoding="utf-8")
        return
    stale = [f"{m[1]!r} → #{m[3]} is titled {titles(m[2], lang)[m[3]]!r}" for m in LINK.finditer(text) if m[1] != titles(m[2], lang)[m[3]]]
    assert not stale, f"{page.name}: link texts that are not their section's title (run `pytest tests/test_tasks.py --update-outputs`):\n" + "\n".join(stale)


def test_the_task_and_error_indexes_are_in_the_nav_and_on_the_home_pages():
    assert {"tasks", "errors"} <= set(nav_pages())
    for home in (DOCS / "index.md", DOCS / "index.zh.md"):
        text = home.read_text(encoding="utf-8")
        how_to_use = text.split("{ #how-to-use }", 1)[1].split("\n## ", 1)[0]
        assert "](tasks.md)" in how_to_use and "](errors.md)" in how_to_use, f"{home.name}: 'How to use it' must point to both indexes"
