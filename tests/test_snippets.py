"""Every snippet runs alone and prints exactly the output its pages show (snippets/**/*.out).

    pytest tests/test_snippets.py --update-outputs     # rewrite the .out files (make outputs)
"""

from pathlib import Path

import pytest

from snippet_runner import run_snippet, SNIPPETS, snippet_id


@pytest.mark.parametrize("path", SNIPPETS, ids=snippet_id)
def test_snippet_output(path: Path, device: str, request):
    run = run_snippet(path, device)
    if device != "cpu":
        return  # CUDA draws other random numbers: there the snippet must run; its checks live in test_<chapter>.py
    golden = path.with_suffix(".out")
    if request.config.getoption("--update-outputs"):
        golden.write_text(run.stdout, encoding="utf-8")
        return
    assert golden.exists(), f"{golden.relative_to(path.parents[2])} is missing: run `make outputs`"
    assert run.stdout, f"{snippet_id(path)} prints nothing: a page would show an empty output"
    assert run.stdout == golden.read_text(encoding="utf-8"), (
        f"{snippet_id(path)}: output drifted from {golden.name}; if intended, run `make outputs`"
    )
