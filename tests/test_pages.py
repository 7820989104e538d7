"""What a page shows is what runs: every page is expanded with the real pymdownx.snippets
preprocessor, split with pytest-codeblocks' parser, and each python/sh/bash block executed
(honouring the parser's markers); a block marked expected-output must print exactly the
block that follows it on the page."""

import subprocess
import sys

import pytest
import torch

pytest.importorskip("pytest_codeblocks", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")
pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from markdown_pages import DOCS, all_pages, code_blocks
from snippet_runner import run_code

RUNNABLE = {"python", "sh", "bash"}  # the languages pytest-codeblocks' own plugin executes


def _collect():
    for page in all_pages():
        name = page.relative_to(DOCS).as_posix()
        seen = {}
        for section, block in code_blocks(page):
            language = (block.syntax or "").split(" ")[0]
            if language not in RUNNABLE:
                continue
            seen[section] = seen.get(section, 0) + 1
            block_id = f"{name}#{section}" + (f"-{seen[section]}" if seen[section] > 1 else "")
            marks = [eval(m, {"sys": sys, "pytest": pytest, "torch": torch}) for m in block.marks]
            yield pytest.param(page, language, block, id=block_id, marks=marks)


@pytest.mark.parametrize("page, language, block", list(_collect()))
def test_page_block(page, language, block):
    where = f"{page.relative_to(DOCS)}:{block.lineno} (expanded)"
    if language == "python":
        output = run_code(block.code, where).check(where).stdout
    else:
        output = subprocess.run(block.code, shell=True, check=True, capture_output=True, text=True,
                                executable="/bin/bash").stdout
    if block.expected_output is not None:
        # pymdownx.snippets keeps a file's final newline as one more (empty) line
        assert output.rstrip("\n") == block.expected_output.rstrip("\n"), (
            f"{where}: the page shows another output than the block prints"
        )
