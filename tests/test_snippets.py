"""Every snippet runs alone and prints exactly the output its pages show (snippets/**/*.out).

    pytest tests/test_snippets.py -k cpu --update-outputs     # rewrite the outputs (make outputs)

A snippet whose output varies from run to run (timings) keeps a `<name>.sample.out`
instead: a real run, shown on the page as illustrative, compared with the numbers masked.
"""

from pathlib import Path

import pytest
import torch

from snippet_runner import SNIPPETS, output_file, run_snippet, snippet_id, without_numbers


@pytest.mark.parametrize("path", SNIPPETS, ids=snippet_id)
def test_snippet_output(path: Path, device: str, request):
    run = run_snippet(path, device)
    if device != "cpu":
        return  # CUDA draws other random numbers: there the snippet must run; its checks live in test_<page>.py
    if torch.cuda.is_available():
        pytest.skip("ran on CPU; its output is compared on CPU-only machines (GPU snippets print what they find)")
    golden = output_file(path)
    sample = golden.name.endswith(".sample.out")
    same = without_numbers if sample else str
    if request.config.getoption("--update-outputs"):
        if not (sample and golden.exists() and same(golden.read_text(encoding="utf-8")) == same(run.stdout)):
            golden.write_text(run.stdout, encoding="utf-8")  # a sample is kept while only its numbers vary
        return
    assert golden.exists(), f"{golden.relative_to(path.parents[2])} is missing: run `make outputs`"
    assert run.stdout, f"{snippet_id(path)} prints nothing: a page would show an empty output"
    assert same(run.stdout) == same(golden.read_text(encoding="utf-8")), (
        f"{snippet_id(path)}: output drifted from {golden.name}; if intended, run `make outputs`"
    )


VERIFIED_WITH = SNIPPETS[0].parents[1] / "verified-with.json"


def test_outputs_were_verified_with_this_torch(request):
    """The stamp every page shows (hooks/page_stamp.py) is written by the run that wrote the
    outputs, with the digest of the lock that environment was built from; a torch upgrade or a
    new lock without `make outputs` fails here."""
    import json
    import platform

    import torch

    from test_lock import lock_digest

    devices = ["CPU"] + ([f"CUDA ({torch.cuda.get_device_name()})"] if torch.cuda.is_available() else [])
    stamp = {"torch": torch.__version__, "python": platform.python_version(), "devices": devices, "lock": lock_digest()}
    if request.config.getoption("--update-outputs"):
        VERIFIED_WITH.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        return
    recorded = json.loads(VERIFIED_WITH.read_text(encoding="utf-8"))
    assert recorded["torch"] == torch.__version__, (
        f"outputs were written with torch {recorded['torch']}, this is {torch.__version__}: run `make outputs`"
    )
    assert recorded.get("lock") == stamp["lock"], (
        f"outputs were written from lock {recorded.get('lock')}, lock/requirements.txt is now {stamp['lock']}: run `make outputs`"
    )


def test_a_snippet_run_as_a_script_prints_its_output(tmp_path):
    """The in-process runner stands in for `python snippet.py`; check that once, for real."""
    import subprocess
    import sys

    path = SNIPPETS[0]
    result = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout == output_file(path).read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [], "the snippet left files in its working directory"
