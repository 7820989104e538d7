"""`mkdocs build --strict` passes, and fails loudly, naming the file, when a snippet, a
snippet section, an output or a translation is missing, or a link points to a missing page
or #anchor (each proven on a broken copy)."""

import logging
import re
import shutil

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from markdown_pages import ROOT
from site_build import strict_build


def test_strict_build_passes(built_site):
    assert (built_site / "index.html").exists() and (built_site / "zh" / "index.html").exists()


# A minimal site with the project's real configuration (plugins, hooks, extensions), one
# chapter page in both languages and its notebooks: each failing build below costs a fraction
# of a second instead of a whole site. tests/conftest.py's built_site proves the real one.
PAGE = {
    "en": "# Blocks { #blocks }\n\n[Home](index.md)\n\n## One { #b01-sequential }\n\n{code}",
    "zh": "# 块 { #blocks }\n\n[首页](index.md)\n\n## 一 { #b01-sequential }\n\n{code}",
}
CODE = (
    '```python title="snippets/blocks/b01_sequential.py"\n--8<-- "snippets/blocks/b01_sequential.py"\n```\n\n'
    '```text title="Output"\n--8<-- "snippets/blocks/b01_sequential.out"\n```\n'
)


@pytest.fixture
def broken_copy(tmp_path):
    """A minimal copy of the site (home and blocks pages, both languages) to break one thing in;
    unbroken, it builds (test_the_minimal_copy_builds)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n(?:[ \t-].*\n|\n)+", config, re.M)
    (tmp_path / "mkdocs.yml").write_text(config[: nav.start()] + "nav:\n  - index.md\n  - blocks.md\n\n" + config[nav.end():], encoding="utf-8")
    for name in ("hooks", "overrides"):  # the hooks and the theme overrides mkdocs.yml names
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    for name in ("blocks.ipynb", "blocks.zh.ipynb"):
        (tmp_path / "docs" / "notebooks").mkdir(exist_ok=True)
        shutil.copy(ROOT / "docs" / "notebooks" / name, tmp_path / "docs" / "notebooks")
    for path in [*(ROOT / "snippets").glob("*.*"), *(ROOT / "snippets" / "blocks").glob("b01_*")]:
        (tmp_path / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, tmp_path / path.relative_to(ROOT))
    for watched in re.findall(r"^watch:\n((?:  - .*\n)+)", config, re.M)[0].split():
        if watched != "-" and (ROOT / watched).is_dir() and not (tmp_path / watched).exists():
            shutil.copytree(ROOT / watched, tmp_path / watched)
    for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
        (tmp_path / "docs" / f"index{suffix}").write_text("# Home\n\n<!-- verified-with -->\n\n[Blocks](blocks.md)\n", encoding="utf-8")
        (tmp_path / "docs" / f"blocks{suffix}").write_text(PAGE[lang].replace("{code}", CODE), encoding="utf-8")
    return tmp_path


def test_the_minimal_copy_builds(broken_copy):
    """The failing builds below fail for what they break, not for the copy."""
    strict_build(broken_copy / "mkdocs.yml", broken_copy / "site")
    assert (broken_copy / "site" / "zh" / "blocks" / "index.html").exists()


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


B01 = "snippets/blocks/b01_sequential.py"


@pytest.mark.parametrize(
    "breakage, named",
    [  # each named by its breakage only: `pytest -k b01` selects b01's own tests, not these
        pytest.param("missing snippet", "snippets/blocks/b01_nonexistent.py", id="missing snippet"),
        pytest.param("missing section", "no_such_section", id="missing section"),
        pytest.param("missing output", "snippets/blocks/b01_sequential.out", id="missing output"),
        pytest.param("missing translation", "docs/blocks.zh.md", id="missing translation"),
        pytest.param("links to a missing page and a missing anchor", "no-such-page.md", id="missing page and anchor"),
    ],
)
def test_strict_build_fails_naming_what_is_missing(broken_copy, caplog, breakage, named):
    if breakage == "missing snippet":
        _replace(broken_copy / "docs/blocks.zh.md", f'--8<-- "{B01}"', '--8<-- "snippets/blocks/b01_nonexistent.py"')
    elif breakage == "missing section":
        _replace(broken_copy / "docs/blocks.md", f'--8<-- "{B01}"', f'--8<-- "{B01}:no_such_section"')
    elif breakage == "missing output":
        (broken_copy / "snippets/blocks/b01_sequential.out").unlink()
    elif breakage == "missing translation":
        (broken_copy / "docs/blocks.zh.md").unlink()
    else:  # one build for both (each link check costs a whole build): a page in Chinese, an anchor in English
        _replace(broken_copy / "docs/blocks.zh.md", "\n## ", "\n[坏链接](no-such-page.md)\n\n## ")
        _replace(broken_copy / "docs/blocks.md", "\n## ", "\n[broken](index.md#no-such-section)\n\n## ")
    caplog.set_level(logging.WARNING, logger="mkdocs")
    with pytest.raises(Exception) as failure:
        strict_build(broken_copy / "mkdocs.yml", broken_copy / "site")
    report = "\n".join([str(failure.value), caplog.text])
    assert named in report, f"the failed build does not name {named!r}:\n{report}"
    if breakage.startswith("links"):
        assert "blocks.zh.md" in report and "'no-such-page.md'" in report, report
        assert "'blocks.md'" in report and "'#no-such-section'" in report, report
    assert "blocks" in report, f"the failed build does not name the page:\n{report}"
