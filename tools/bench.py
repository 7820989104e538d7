"""`make bench`: the figures the issues ask for, measured on this machine.

Run with the project's venv: `.venv/bin/python tools/bench.py`.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from markdown_pages import ROOT, anchors, chinese_twin, english_pages  # noqa: E402
from site_build import CHROMIUM_ARGS, HEADLESS_SHELL, serve_site  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PYTHON = sys.executable


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot, in core-seconds (/proc/stat): a
    command's delta counts every process it starts, Chromium's reparented ones too, which
    getrusage(RUSAGE_CHILDREN) misses. On a quiet machine, what the command costs."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wall(*cmd, repeat=1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
        if done.returncode != 0:  # a benchmark of a failing command measures nothing: say what failed
            sys.exit(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-6000:]}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rows(pages) -> set[str]:
    """Curriculum ids (b01, p03, …) that have a section ({ #b01-… }) on these pages."""
    return {a.split("-")[0] for p in pages for a in anchors(p.read_text(encoding="utf-8")) if re.fullmatch(r"[a-z]\d\d-.+", a)}


def first_view_bytes(site: Path) -> int | None:
    """Bytes a browser downloads to show the home page the first time (Chromium, cold cache)."""
    if not HEADLESS_SHELL.exists():
        return None
    from playwright.sync_api import sync_playwright

    server, url = serve_site(site)
    total = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(HEADLESS_SHELL), args=CHROMIUM_ARGS)
        page = browser.new_page()
        sizes = []
        page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
        page.goto(url, wait_until="networkidle")
        total = sum(sizes)
        browser.close()
    server.shutdown()
    return total


# `pytest -k <id>`: what a contributor runs after editing one snippet (a plain one and a
# two-process one)
ONE_SNIPPET = ["b01", "g09"]


def main():
    torch_import = wall(PYTHON, "-c", "import torch", repeat=3)
    core = wall(PYTHON, "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider")
    browser = wall(PYTHON, "-m", "pytest", "-q", "-m", "browser", "-p", "no:cacheprovider")
    cpu_before = busy_cpu_seconds()
    full = wall(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    full_cpu = busy_cpu_seconds() - cpu_before
    one = {sid: wall(PYTHON, "-m", "pytest", "-q", "-k", sid, "-p", "no:cacheprovider") for sid in ONE_SNIPPET}
    mkdocs = (PYTHON, "-m", "mkdocs")  # from the root: mkdocs.yml's extensions/ are importable
    with tempfile.TemporaryDirectory() as site:
        shutil.rmtree(ROOT / ".cache" / "mkdocs-jupyter", ignore_errors=True)
        cold = wall(*mkdocs, "build", "--strict", "-q", "-d", site)
        warm = wall(*mkdocs, "build", "--strict", "-q", "-d", site, repeat=3)
        html = sorted(Path(site).rglob("*.html"), key=lambda p: p.stat().st_size)
        pages = [p for p in html if "notebooks" not in p.parts]
        notebooks = [p for p in html if "notebooks" in p.parts]
        blocks = {"en": 0, "zh": 0}
        for page in pages:
            lang = "zh" if page.relative_to(site).parts[0] == "zh" else "en"
            blocks[lang] += page.read_text(encoding="utf-8").count('<div class="language-python highlight">')
        home = first_view_bytes(Path(site))

        def kb(p):
            return f"{p.stat().st_size / 1024:6.1f} KB  {p.relative_to(site).as_posix()}"

        en = english_pages()
        zh = [chinese_twin(p) for p in en]
        print(f"import torch:                  {torch_import:6.2f} s (median of 3)")
        print(f"core suite (-m 'not browser'): {core:6.2f} s = {core / torch_import:.1f} x import torch (goal <= 4x)")
        for sid, seconds in one.items():
            print(f"one snippet's tests (-k {sid}): {seconds:6.2f} s = import torch + {seconds - torch_import:.2f} s (goal <= + 2 s)")
        print(f"browser tests (-m browser):    {browser:6.2f} s")
        print(f"full suite (make test):        {full:6.2f} s (goal < 200 s on 2 cores); the machine busy {full_cpu:.0f} core-s "
              f"meanwhile, on {os.cpu_count()} cores: at least {full_cpu / os.cpu_count():.0f} s of work")
        print(f"mkdocs build --strict:         {cold:6.2f} s cold (no notebook cache), {warm:.2f} s warm (goal <= 5 s)")
        print(f"largest page:                  {kb(pages[-1])} (goal <= 60 KB)")
        print(f"largest notebook page:         {kb(notebooks[-1])}")
        print("first view of the home page:  " + (f"{home / 1024:6.1f} KB transferred" if home else "(no Chromium)"))
        print(f"curriculum rows covered:       en {len(rows(en))}, zh {len(rows(zh))}")
        print(f"python code blocks:            en {blocks['en']}, zh {blocks['zh']}")


if __name__ == "__main__":
    main()
