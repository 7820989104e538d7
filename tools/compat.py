"""Every snippet, claim test and cheatsheet line on each torch of the matrix (`make compat`).

    python tools/compat.py                  # run the matrix, write snippets/compat.json and the lines
    python tools/compat.py 2.14             # only torch 2.14 (make compat V=2.14)
    python tools/compat.py --render         # only rewrite the lines from the data (make outputs does)
    python tools/compat.py --check 2.6.0    # CI: run one version, fail if it differs from the data
    python tools/compat.py --versions       # the matrix as JSON, for the CI job's matrix
    python tools/compat.py --add-lines      # put the compat include under every output that lacks one

The matrix is `[tool.compat]` in pyproject.toml. The pinned torch runs in the project's .venv;
each other one in a virtual environment of its own, made for its run and deleted after it (see
`environment`). Snippets run with the project's own runner (tools/snippet_runner.py: in-process,
fresh globals, one interpreter per version); one whose output differs from its page runs again
as `python <name>.py` on a pseudo-terminal, so that the diff shows what a reader's terminal shows
(`as_a_terminal_shows`). Claim tests (those using the `snippet` fixture) run with pytest.

Results (snippets/compat.json) are keyed by a hash of each snippet and its expected output, so
a changed snippet shows "not yet checked" and tests/test_compat.py fails until this runs again.
The line under each example comes from snippets/compat.md and compat.zh.md, one
pymdownx.snippets section per example, written from the data by this file only.
"""

import argparse
import contextlib
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from snippet_runner import SNIPPETS_DIR, output_file, snippet_id, without_numbers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DATA = SNIPPETS_DIR / "compat.json"
LINES = {"en": SNIPPETS_DIR / "compat.md", "zh": SNIPPETS_DIR / "compat.zh.md"}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["compat"]
VERSIONS: list[str] = CONFIG["versions"]
PINNED = re.search(r"\btorch==([\w.+]+)", " ".join(PYPROJECT["project"]["dependencies"])).group(1)


def snippets() -> list[Path]:
    return sorted(SNIPPETS_DIR.rglob("*.py"))


def anchor(path: Path) -> str:
    return path.stem.replace("_", "-")


def digest(*texts: str) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]


def snippet_hash(path: Path) -> str:
    """What "same output" is measured against: the code and the output the pages show."""
    out = output_file(path)
    return digest(path.read_text(encoding="utf-8"), out.read_text(encoding="utf-8") if out.exists() else "")


def claim_files() -> list[Path]:
    """tests/test_<page>.py files whose tests use the `snippet` fixture."""
    return [p for p in sorted((ROOT / "tests").glob("test_*.py"))
            if p.name != "test_snippets.py" and re.search(r"def test_\w+\([^)]*\bsnippet\b", p.read_text(encoding="utf-8"))]


def claims_hash() -> str:
    return digest(*(p.read_text(encoding="utf-8") for p in claim_files()))


def cheatsheet_hash() -> str:
    """The cheatsheet's code: its setup block and the code cell of every table row."""
    text = (DOCS / "cheatsheet.md").read_text(encoding="utf-8")
    return digest(*re.findall(r'^```python title="[^"]*"\n(.*?)^```$', text, re.M | re.S), *re.findall(r"^\|[^|\n]*\|\s*`([^`\n]+)`\s*\|", text, re.M))


def short(version: str) -> str:
    """2.13.0 → 2.13, the name pages use."""
    return ".".join(version.split(".")[:2])


# --- the run inside one version's environment (python tools/compat.py --worker OUT) -----------


def worker(out: str) -> None:
    import platform

    import torch
    from snippet_runner import run_code

    import test_cheatsheet  # the cheatsheet's tables, as its own test reads them

    results = {}
    for path in snippets():
        if not output_file(path).exists() and not path.exists():
            continue  # removed while the matrix ran
        with tempfile.TemporaryFile() as terminal:
            run, outside = _with_terminal_captured(lambda: run_code(path.read_text(encoding="utf-8"), str(path)), terminal)
        error = None
        if run.error is not None:  # its type and the first line of its message
            error = f"{type(run.error).__name__}: {(str(run.error).strip().splitlines() or [''])[0]}".rstrip(": ")
            # a worker's failure (run_workers): the exception its traceback ends with, too
            cause = re.findall(r"^(?:\[rank\d+\]: )?(\w+(?:Error|Exception): .*)$", str(run.error), re.M)
            if cause:
                error += f" ({cause[-1][:200]})"
        stdout = run.stdout
        expected = output_file(path)
        same = without_numbers if expected.name.endswith(".sample.out") else str
        quiet = not (run.warnings or run.stderr or outside)
        shown = expected.read_text(encoding="utf-8") if expected.exists() else ""  # a new snippet before `make outputs`
        if error is None and not (quiet and same(stdout) == same(shown)):
            stdout = as_a_terminal_shows(path)  # what differs, as a reader sees it: in order, warnings as Python prints them
        results[snippet_id(path)] = {"stdout": stdout, "error": error}
    # each cheatsheet line on its own: its program with every check collecting instead of raising
    cheatsheet = {}
    for section, rows in test_cheatsheet.tables("en").items():
        lines = [code for _, code, _ in rows]
        run = run_code(test_cheatsheet.program(test_cheatsheet.setup_code("en"), lines, collect=True), f"docs/cheatsheet.md#{section}")
        failed = [{"line": line, "error": message.split(" raised ", 1)[-1]} for line, message in run.namespace.get("__failed", [])]
        if run.error is not None:
            failed.append({"line": None, "error": f"{type(run.error).__name__}: {run.error}"})
        cheatsheet[section] = failed
    cuda = torch.version.cuda
    build = f"CUDA {cuda} wheel" if cuda else "CPU wheel"
    if cuda and not torch.cuda.is_available():
        build += ", no GPU"
    Path(out).write_text(json.dumps({
        "torch": torch.__version__, "build": build, "python": platform.python_version(),
        "snippets": results, "cheatsheet": cheatsheet,
    }), encoding="utf-8")


def _with_terminal_captured(action, terminal):
    """Run action() with file descriptors 1 and 2 going to `terminal`; return its result and
    whether anything reached the terminal past sys.stdout and sys.stderr (torch's C++ code,
    spawned processes): then the snippet is run again as a script (as_a_terminal_shows)."""
    saved = [os.dup(1), os.dup(2)]
    sys.stdout.flush()
    os.dup2(terminal.fileno(), 1)
    os.dup2(terminal.fileno(), 2)
    try:
        result = action()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
    terminal.seek(0)
    return result, terminal.read().strip()


# Parts of a terminal's text that no two runs share, replaced by what they stand for
_VARYING = [
    (re.compile(r"^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ ", re.M), r"\1<date> <time> <process id> "),  # torch's logging prefix
    (re.compile(r"\b0x[0-9a-f]{6,}\b"), "0x<address>"),
]


def as_a_terminal_shows(path: Path) -> str:
    """`python <name>.py` in an empty folder, its standard output and error on a pseudo-terminal,
    as a reader's terminal shows them: in the order they were written (Python's prints, its
    warnings in Python's own format, what C++ code such as gloo writes), line-buffered as on a
    real terminal. The snippet's folder reads `…/`, this environment's site-packages `…/site-packages/`; times,
    process ids and addresses are named instead of shown (no two runs share them)."""
    import pty
    import sysconfig

    with tempfile.TemporaryDirectory(prefix="compat-terminal-") as folder:
        script = Path(folder) / path.name
        script.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        main, child = pty.openpty()
        env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "PYTHON_COLORS": "0"}
        proc = subprocess.Popen([sys.executable, script.name], cwd=folder, stdin=subprocess.DEVNULL,
                                stdout=child, stderr=child, env=env, close_fds=True)
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: every process holding the terminal has closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(main)
        proc.wait()
    text = b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")
    text = text.replace(str(Path(folder).resolve()) + "/", "…/").replace(folder + "/", "…/")  # the reader's own folder
    for prefix in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        text = text.replace(prefix + "/", "…/site-packages/")
    for pattern, name in _VARYING:
        text = pattern.sub(name, text)
    return text


class ClaimRecorder:
    """A pytest plugin: keep only tests that use the `snippet` fixture, record their outcome."""

    def __init__(self, out: str):
        self.out, self.outcomes = out, {}

    def pytest_collection_modifyitems(self, config, items):
        keep = [i for i in items if "snippet" in getattr(i, "fixturenames", ()) and "[cuda]" not in i.nodeid]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            name = report.nodeid.split("::", 1)[1].removesuffix("[cpu]")
            line = str(report.longrepr).strip().splitlines()[-1] if report.failed and report.longrepr else ""
            self.outcomes.setdefault(name, {"outcome": report.outcome, "error": line[:300]} if report.failed else {"outcome": report.outcome})

    def pytest_sessionfinish(self):
        Path(self.out).write_text(json.dumps(self.outcomes), encoding="utf-8")


def claims_worker(out: str) -> int:
    import pytest
    import snippet_runner

    # a warning the snippet leaks on this torch is in its output's record already; here only
    # the claims count, so the `snippet` fixture fails on exceptions alone
    def check(run, label):
        if run.error is not None:
            raise AssertionError(f"{label} raised {run.error!r}") from run.error
        return run

    snippet_runner.Run.check = check

    files = [str(p) for p in claim_files()]
    return pytest.main(["-q", "-p", "no:cacheprovider", "-o", "addopts=", "--continue-on-collection-errors", *files],
                       plugins=[ClaimRecorder(out)])


# --- environments ----------------------------------------------------------------------------


def work_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pytorch-cheatsheet" / "compat"
    return Path(os.environ.get("PYTORCH_CHEATSHEET_COMPAT_DIR") or default)


def requirements(version: str) -> list[str]:
    """torch at `version`, the snippets' other dependencies as pinned, pytest; extra pins per version."""
    deps = [d.split("#")[0].strip() for d in PYPROJECT["project"]["dependencies"]]
    deps = [f"torch=={version}" if d.startswith("torch") else d for d in deps]
    pytest_pin = next(d for d in PYPROJECT["dependency-groups"]["test"] if isinstance(d, str) and d.startswith("pytest=="))
    extra = CONFIG.get("pins", {}).get(version, [])
    names = {re.split(r"[<>=!~ ]", e)[0] for e in extra}
    return [d for d in deps if re.split(r"[<>=!~ ]", d)[0] not in names] + extra + [pytest_pin]


@contextlib.contextmanager
def environment(version: str, log):
    """The python of an environment with this torch, for as long as the `with` lasts.

    The pinned torch runs in the project's .venv. Any other gets a new virtual environment in
    work_dir(), deleted when its run is recorded: PyPI's Linux wheels are CUDA builds, 5–7 GB
    installed each, so ten kept side by side would take ~60 GB; one at a time, the peak is one
    environment. uv (the project's installer, in .venv) installs one in ~30 s here without a
    download cache, so none is kept; without uv (CI's compat job), pip does, from the index its
    environment names."""
    project = ROOT / ".venv"
    if version == PINNED and list(project.glob(f"lib/python*/site-packages/torch-{version}*.dist-info")):
        yield project / "bin" / "python"
        return
    venv = work_dir() / version
    shutil.rmtree(venv, ignore_errors=True)  # a run that was cut short
    venv.parent.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    start = time.monotonic()
    try:
        if uv:
            subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
            subprocess.run([uv, "pip", "install", "--quiet", "--no-cache", "--python", str(venv / "bin" / "python"),
                            *requirements(version)], check=True)
        else:
            # a machine-wide constraints file (one caps torch on the project's build machines) must
            # not decide which torch this environment is for
            env = {**os.environ, "PIP_CONSTRAINT": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *requirements(version)],
                           check=True, env=env)
        log(f"torch {version}: installed in {time.monotonic() - start:.0f} s, {_size(venv) / 1e9:.1f} GB")
        yield venv / "bin" / "python"
    finally:
        shutil.rmtree(venv, ignore_errors=True)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def run_version(version: str, log) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(ROOT / d) for d in ("tests", "tools", "."))}
    with environment(version, log) as python, tempfile.TemporaryDirectory(prefix="compat-") as tmp:
        snippets_out, claims_out = Path(tmp) / "snippets.json", Path(tmp) / "claims.json"
        start = time.monotonic()
        subprocess.run([str(python), __file__, "--worker", str(snippets_out)], check=True, env=env, cwd=ROOT)
        subprocess.run([str(python), __file__, "--claims-worker", str(claims_out)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        result = json.loads(snippets_out.read_text())
        result["claims"] = json.loads(claims_out.read_text())
    log(f"torch {version} ({result['torch']}, {result['build']}): ran in {time.monotonic() - start:.0f} s")
    return result


# --- from raw runs to the data ---------------------------------------------------------------


def compare(path: Path, run: dict) -> dict:
    if run["error"]:
        return {"status": "fails", "error": run["error"]}
    expected_file = output_file(path)
    expected, actual = expected_file.read_text(encoding="utf-8"), run["stdout"]
    same = without_numbers if expected_file.name.endswith(".sample.out") else str
    if same(expected) == same(actual):
        return {"status": "same"}
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), lineterm="", n=0)
    return {"status": "differs", "diff": "\n".join(line for line in diff if not line.startswith(("---", "+++", "@@")))}


def cuda_wheel_wording(result: dict) -> bool:
    """Whether every line that differs, or the error it fails with, is what a CUDA wheel says on
    a machine without a GPU ([tool.compat] cuda-without-gpu), where the CPU wheel the pages were
    made with says another thing."""
    texts = CONFIG.get("cuda-without-gpu", [])
    if result.get("status") == "fails":
        return any(text in result["error"] for text in texts)
    added = [line for line in result.get("diff", "").splitlines() if line.startswith("+")]
    return bool(added) and all(any(text in line for text in texts) for line in added)


def record(version: str, result: dict) -> dict:
    def entry(p: Path) -> dict:
        found = {"hash": snippet_hash(p), **compare(p, result["snippets"][snippet_id(p)])}
        return {**found, "build": True} if cuda_wheel_wording(found) else found

    return {
        "torch": result["torch"], "build": result["build"], "python": result["python"],
        "snippets": {snippet_id(p): entry(p) for p in snippets() if snippet_id(p) in result["snippets"]},  # one added during the run: not yet
        "claims": {"hash": claims_hash(), "tests": dict(sorted(result["claims"].items()))},
        "cheatsheet": {"hash": cheatsheet_hash(), "failures": result["cheatsheet"]},
    }


def load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8")) if DATA.exists() else {"versions": {}}


def save(data: dict) -> None:
    data["versions"] = {v: data["versions"][v] for v in VERSIONS if v in data["versions"]}
    DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# --- the line under each example -------------------------------------------------------------

WORDS = {
    "en": {
        "same": "Same output on torch {same}",
        "unchecked": "Not yet checked on other torch versions",
        "differs": "Output differs on torch {differs}",
        "build": "on torch {differs}, a CUDA wheel without a GPU words an error otherwise",
        "build_fails": "on torch {fails}, a CUDA wheel without a GPU raises an error here",
        "fails": "Fails on torch {fails}",
        "newer": "Needs a newer torch than {fails}",
        "others": "same on {same}",
        "on": "on {version}",
        "claims": "A claim test fails on torch {versions}: {tests}",
        "shown": "torch {version} prints (− shown on this page, + printed there):",
    },
    "zh": {
        "same": "在 torch {same} 上输出相同",
        "unchecked": "尚未在其他 torch 版本上检查",
        "differs": "在 torch {differs} 上输出不同",
        "build": "在 torch {differs} 上，没有 GPU 时 CUDA 版 wheel 的报错措辞不同",
        "build_fails": "在 torch {fails} 上，没有 GPU 时 CUDA 版 wheel 在这里会报错",
        "fails": "在 torch {fails} 上运行失败",
        "newer": "需要比 {fails} 更新的 torch",
        "others": "在 {same} 上相同",
        "on": "在 {version} 上",
        "claims": "断言测试在 torch {versions} 上不成立：{tests}",
        "shown": "torch {version} 打印的内容（− 为本页所示，+ 为该版本打印）：",
    },
}


def _join(versions) -> str:
    """Versions as the pages name them: runs of consecutive releases of the matrix as ranges,
    "2.6–2.15", "2.6–2.8 · 2.10"."""
    runs: list[list[str]] = []
    for v in sorted(versions, key=VERSIONS.index):
        if runs and VERSIONS.index(v) == VERSIONS.index(runs[-1][-1]) + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return " · ".join(short(r[0]) if len(r) == 1 else " · ".join(map(short, r)) if len(r) == 2 else f"{short(r[0])}–{short(r[-1])}"
                      for r in runs)


def status(data: dict, path: Path) -> dict[str, dict] | None:
    """{version: result} for this snippet as it is now, or None if some version has not run it."""
    found = {}
    for version in VERSIONS:
        entry = data["versions"].get(version, {}).get("snippets", {}).get(snippet_id(path))
        if entry is None or entry["hash"] != snippet_hash(path):
            return None
        found[version] = entry
    return found


def failing_claims(data: dict, path: Path) -> dict[str, list[str]]:
    """{test name: [versions it fails on]} for the tests named after this snippet (test_<id>_…)."""
    prefix = f"test_{path.stem.split('_')[0]}_"
    failing = {}
    for version in VERSIONS:
        claims = data["versions"].get(version, {}).get("claims", {})
        for name, outcome in claims.get("tests", {}).items():
            if name.split("::")[-1].startswith(prefix) and outcome["outcome"] == "failed":
                failing.setdefault(name.split("::")[-1], []).append(version)
    return failing


def line(data: dict, path: Path, lang: str) -> str:
    w = WORDS[lang]
    results = status(data, path)
    if results is None:
        return f"{w['unchecked']}\n{{ .compat }}"
    same = [v for v, r in results.items() if r["status"] == "same"]
    differs = [v for v, r in results.items() if r["status"] == "differs"]
    fails = [v for v, r in results.items() if r["status"] == "fails" and not r.get("build")]
    build_fails = [v for v, r in results.items() if r["status"] == "fails" and r.get("build")]
    claims = failing_claims(data, path)
    claim_text = "; ".join(f"`{t}`" for t in claims)
    claim_versions = sorted({v for vs in claims.values() for v in vs}, key=VERSIONS.index)
    if not differs and not fails and not build_fails:
        summary = w["same"].format(same=_join(same))
    else:
        parts = []
        if fails and fails == VERSIONS[: len(fails)] and not differs:
            parts.append(w["newer"].format(fails=short(fails[-1])))
        elif fails:
            parts.append(w["fails"].format(fails=_join(fails)))
        by_version = [v for v in differs if not results[v].get("build")]
        by_build = [v for v in differs if results[v].get("build")]
        if by_version:
            parts.append(w["differs"].format(differs=_join(by_version)))
        if by_build:
            parts.append(w["build"].format(differs=_join(by_build)))
        if build_fails:
            parts.append(w["build_fails"].format(fails=_join(build_fails)))
        if same:
            parts.append(w["others"].format(same=_join(same)))
        summary = ("；" if lang == "zh" else "; ").join(parts)
        summary = summary[0].upper() + summary[1:]
    if not differs and not fails and not build_fails and not claims:
        return f"{summary}\n{{ .compat }}"
    body = []
    for version in fails + build_fails:
        body.append(f"{w['on'].format(version=short(version))}: `{results[version]['error']}`" if lang == "en"
                    else f"{w['on'].format(version=short(version))}：`{results[version]['error']}`")
    for version in differs:
        body.append(w["shown"].format(version=short(version)) + "\n\n```diff\n" + results[version]["diff"] + "\n```")
    if claims:
        body.append(w["claims"].format(versions=_join(claim_versions), tests=claim_text))
    text = "\n\n".join(body)
    return f'??? compat "{summary}"\n' + "".join(f"    {ln}\n" if ln else "\n" for ln in text.splitlines()).rstrip("\n")


def render(data: dict) -> dict[str, str]:
    pages = {}
    for lang in LINES:
        sections = [
            f"<!-- --8<-- [start:{anchor(p)}] -->\n<!-- compat -->\n{line(data, p, lang)}\n<!-- /compat -->\n<!-- --8<-- [end:{anchor(p)}] -->\n"
            for p in snippets()
        ]
        head = "<!-- generated by `make compat` (tools/compat.py) from snippets/compat.json: do not edit -->\n\n"
        pages[lang] = head + "\n".join(sections)
    return pages


def write_lines(data: dict) -> None:
    for lang, text in render(data).items():
        LINES[lang].write_text(text, encoding="utf-8")


# --- the includes on the pages ---------------------------------------------------------------

OUTPUT_INCLUDE = re.compile(r'^([ \t]*)--8<-- "snippets/([\w-]+)/(\w+?)(?:\.sample)?\.out"\n\1```\n', re.M)


def compat_include(lang: str, name: str) -> str:
    return f'--8<-- "snippets/{LINES[lang].name}:{name}"'


def add_lines(page: Path) -> bool:
    lang = "zh" if page.name.endswith(".zh.md") else "en"
    text = page.read_text(encoding="utf-8")

    def add(m: re.Match) -> str:
        include = compat_include(lang, m.group(3).replace("_", "-"))
        rest = text[m.end():].lstrip("\n")
        return m.group(0) if rest.startswith(m.group(1) + include) else f"{m.group(0)}\n{m.group(1)}{include}\n"

    new = OUTPUT_INCLUDE.sub(add, text)
    if new != text:
        page.write_text(new, encoding="utf-8")
    return new != text


# --- command line ----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker")
    parser.add_argument("--claims-worker")
    parser.add_argument("--render", action="store_true")
    parser.add_argument("--versions", action="store_true")
    parser.add_argument("--add-lines", action="store_true")
    parser.add_argument("--check", metavar="VERSION")
    parser.add_argument("only", nargs="*", help="versions to run (default: the whole matrix)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    if args.claims_worker:
        return claims_worker(args.claims_worker)
    if args.versions:
        print(f"versions={json.dumps(VERSIONS)}")
        return 0
    if args.add_lines:
        for page in sorted(DOCS.rglob("*.md")):
            if add_lines(page):
                print(f"added compat lines to {page.relative_to(ROOT)}")
        return 0
    data = load()
    if args.render:
        write_lines(data)
        return 0
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    if args.check:
        fresh = record(args.check, run_version(args.check, log))
        return check(args.check, fresh, data.get("versions", {}).get(args.check))
    start = time.monotonic()
    for name in args.only or VERSIONS:
        version = next((v for v in VERSIONS if name in (v, short(v))), None)  # 2.14 names 2.14.1
        if version is None:
            parser.error(f"{name} is not in [tool.compat] versions of pyproject.toml: {VERSIONS}")
        data["versions"][version] = record(version, run_version(version, log))
        save(data)
    write_lines(data)
    log(f"make compat: {time.monotonic() - start:.0f} s")
    return 0


def comparable(entry: dict, skip: set[str]) -> dict:
    """What must match between two runs of one version, less the snippets in `skip`."""
    return {
        "snippets": {k: {f: v.get(f) for f in ("hash", "status", "diff", "error")} for k, v in entry["snippets"].items() if k not in skip},
        "claims": {k: v["outcome"] for k, v in entry["claims"]["tests"].items()},
        "cheatsheet": {k: [f["line"] for f in v] for k, v in entry["cheatsheet"]["failures"].items()},
    }


def check(version: str, fresh: dict, recorded: dict | None) -> int:
    if recorded is None:
        print(f"snippets/compat.json has no torch {version}: run `make compat`")
        return 1
    skip = set()
    if recorded["build"].split()[0] != fresh["build"].split()[0]:  # CPU wheel here, CUDA wheel recorded (or back)
        skip = {k for run in (recorded, fresh) for k, v in run["snippets"].items() if v.get("build")}
        for k in sorted(skip):
            print(f"{k}: not compared, recorded with a {recorded['build']}, run with a {fresh['build']}")
    a, b = comparable(recorded, skip), comparable(fresh, skip)
    problems = [f"{section} {key}: recorded {a[section].get(key)!r}, now {b[section].get(key)!r}"
                for section in a for key in sorted(set(a[section]) | set(b[section])) if a[section].get(key) != b[section].get(key)]
    for p in problems:
        print(p)
    print(f"torch {version} ({fresh['build']}): {'differs from snippets/compat.json' if problems else 'as recorded'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
