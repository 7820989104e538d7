"""Every snippet runs alone and prints exactly the output its pages show (snippets/**/*.out).

    pytest tests/test_snippets.py -k cpu --update-outputs     # rewrite the outputs (make outputs)

A snippet whose output varies from run to run (timings) keeps a `<name>.sample.out`
instead: a real run, shown on the page as illustrative, compared with the numbers masked.
"""

import re
from pathlib import Path

import pytest

from snippet_runner import SNIPPETS, output_file, run_snippet, snippet_id


def _without_numbers(text: str) -> str:
    return re.sub(r"\d+(\.\d+)?", "N", text)


@pytest.mark.parametrize("path", SNIPPETS, ids=snippet_id)
def test_snippet_output(path: Path, device: str, request):
    run = run_snippet(path, device)
    if device != "cpu":
        return  # CUDA draws other random numbers: there the snippet must run; its checks live in test_<page>.py
    golden = output_file(path)
    if request.config.getoption("--update-outputs"):
        golden.write_text(run.stdout, encoding="utf-8")
        return
    assert golden.exists(), f"{golden.relative_to(path.parents[2])} is missing: run `make outputs`"
    assert run.stdout, f"{snippet_id(path)} prints nothing: a page would show an empty output"
    expected = golden.read_text(encoding="utf-8")
    if golden.name.endswith(".sample.out"):
        run_stdout, expected = _without_numbers(run.stdout), _without_numbers(expected)
    else:
        run_stdout = run.stdout
    assert run_stdout == expected, f"{snippet_id(path)}: output drifted from {golden.name}; if intended, run `make outputs`"
