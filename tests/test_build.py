"""`mkdocs build --strict` passes, and fails loudly, naming the file, when a snippet, a
snippet section, an output or a translation is missing, or a link points to a missing page
or #anchor (each proven on a broken copy)."""

import logging
import shutil

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from markdown_pages import ROOT
from site_build import strict_build


def test_strict_build_passes(built_site):
    assert (built_site / "index.html").exists() and (built_site / "zh" / "index.html").exists()


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of the project's site sources to break one thing in."""
    for name in ("docs", "snippets", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    return tmp_path


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


B01 = "snippets/blocks/b01_sequential.py"


@pytest.mark.parametrize(
    "breakage, named",
    [
        ("missing snippet", "snippets/blocks/b01_nonexistent.py"),
        ("missing section", "no_such_section"),
        ("missing output", "snippets/blocks/b01_sequential.out"),
        ("missing translation", "docs/blocks.zh.md"),
        ("links to a missing page and a missing anchor", "no-such-page.md"),
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
        _replace(broken_copy / "docs/blocks.md", "\n## ", "\n[broken](containers.md#no-such-section)\n\n## ")
    caplog.set_level(logging.WARNING, logger="mkdocs")
    with pytest.raises(Exception) as failure:
        strict_build(broken_copy / "mkdocs.yml", broken_copy / "site")
    report = "\n".join([str(failure.value), caplog.text])
    assert named in report, f"the failed build does not name {named!r}:\n{report}"
    if breakage.startswith("links"):
        assert "blocks.zh.md" in report and "'no-such-page.md'" in report, report
        assert "'blocks.md'" in report and "'#no-such-section'" in report, report
    assert "blocks" in report, f"the failed build does not name the page:\n{report}"
