"""Run a snippet's code inside the test process, as `python snippet.py` would.

Each run gets a fresh ``__main__`` module (so ``if __name__ == "__main__":`` guards and
multiprocessing's spawn start method work as in a script), an empty temporary working
directory, captured stdout, and torch's global settings restored afterwards. Results are
memoised by (code, device): a snippet shown on two pages and checked by its own test
executes once per session.
"""

import contextlib
import io
import os
import re
import sys
import tempfile
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path


SNIPPETS_DIR = Path(__file__).resolve().parents[1] / "snippets"
SNIPPETS = sorted(SNIPPETS_DIR.rglob("*.py"))


def output_file(path: Path) -> Path:
    """b01_x.py → b01_x.out, or b01_x.sample.out for an output that varies run to run."""
    sample = path.with_suffix(".sample.out")
    return sample if sample.exists() else path.with_suffix(".out")


def without_numbers(text: str) -> str:
    """How a .sample.out (an output that varies run to run) is compared: numbers masked."""
    return re.sub(r"\d+(\.\d+)?", "N", text)


def snippet_id(path: Path) -> str:
    """`blocks/b01_sequential` for snippets/blocks/b01_sequential.py"""
    return path.relative_to(SNIPPETS_DIR).with_suffix("").as_posix()


@dataclass
class Run:
    stdout: str
    namespace: dict = field(repr=False)
    error: BaseException | None = None
    warnings: list[str] = field(default_factory=list)
    stderr: str = ""

    def check(self, label: str) -> "Run":
        """Fail the way a reader would notice: an exception, or noise on stderr."""
        if self.error is not None:
            raise AssertionError(f"{label} raised {self.error!r}\n--- stdout so far ---\n{self.stdout}") from self.error
        if self.warnings or self.stderr:
            raise AssertionError(
                f"{label} leaks to stderr what a reader would see but the page does not show "
                f"(catch and print it in the snippet):\n" + "\n".join(self.warnings) + self.stderr
            )
        return self


_runs: dict[tuple[str, str], Run] = {}


@contextlib.contextmanager
def _torch_state_restored(device: str):
    import torch  # here, not at import: tools/compat.py reads the paths below without torch

    dtype, grad, warn_always = torch.get_default_dtype(), torch.is_grad_enabled(), torch.is_warn_always_enabled()
    if device != "cpu":  # a default-device context costs every tiny op a little: only where needed
        torch.set_default_device(device)
    try:
        yield
    finally:
        torch.set_default_dtype(dtype)
        torch.set_grad_enabled(grad)
        if device != "cpu":  # only where it was set: on torch 2.6, get_default_device() fails after set_default_device(None)
            torch.set_default_device(None)
        torch.set_printoptions(profile="default")
        torch.set_warn_always(warn_always)


def _python_default_warning_filters():
    """What a fresh `python snippet.py` shows on stderr, instead of pytest's filters."""
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__", append=True)
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.filterwarnings("ignore", category=category, append=True)


def run_code(code: str, filename: str, device: str = "cpu") -> Run:
    code = code.rstrip() + "\n"  # a page shows a snippet with one more trailing empty line
    key = (code, device)
    if key in _runs:
        return _runs[key]
    main = types.ModuleType("__main__")
    namespace = main.__dict__
    out, err = io.StringIO(), io.StringIO()
    error = None
    cwd, real_main = os.getcwd(), sys.modules["__main__"]
    with (
        tempfile.TemporaryDirectory(prefix="snippet-") as workdir,
        tempfile.TemporaryDirectory(prefix="snippet-src-") as srcdir,
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _torch_state_restored(device),
    ):
        _python_default_warning_filters()
        # spawned worker processes re-import __main__ from its __file__, as for a script
        main.__file__ = os.path.join(srcdir, "snippet.py")
        with open(main.__file__, "w", encoding="utf-8") as f:
            f.write(code)
        os.chdir(workdir)
        sys.modules["__main__"] = main
        try:
            exec(compile(code, filename, "exec"), namespace)
        except BaseException as e:  # SystemExit too: a snippet must run to its end
            error = e
        finally:
            sys.modules["__main__"] = real_main
            os.chdir(cwd)
    run = Run(
        stdout=out.getvalue(),
        namespace=namespace,
        error=error,
        warnings=[f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in caught],
        stderr=err.getvalue(),
    )
    _runs[key] = run
    return run


def run_snippet(path: Path, device: str = "cpu") -> Run:
    return run_code(path.read_text(encoding="utf-8"), str(path), device).check(snippet_id(path))
