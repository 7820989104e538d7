"""`make bench`: the figures the issues ask for, measured on this machine.

Run with the project's venv: `.venv/bin/python tests/bench.py`.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from markdown_pages import ROOT, anchors, chinese_twin, english_pages  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def wall(*cmd, repeat=1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rows(pages) -> set[str]:
    """Curriculum ids (b01, p03, …) that have a section ({ #b01-… }) on these pages."""
    return {a.split("-")[0] for p in pages for a in anchors(p.read_text(encoding="utf-8")) if re.fullmatch(r"[a-z]\d\d-.+", a)}


def main():
    python = sys.executable
    torch_import = wall(python, "-c", "import torch", repeat=3)
    core = wall(python, "-m", "pytest", "-q", "-m", "not browser", "-p", "no:cacheprovider")
    full = wall(python, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    with tempfile.TemporaryDirectory() as site:
        build = wall(Path(python).with_name("mkdocs"), "build", "--strict", "-q", "-d", site)
        pages = sorted(Path(site).rglob("*.html"), key=lambda p: p.stat().st_size)
        largest = pages[-1]
        largest_name, largest_kb = largest.relative_to(site).as_posix(), largest.stat().st_size / 1024
        blocks = {"en": 0, "zh": 0}
        for page in pages:
            lang = "zh" if page.relative_to(site).parts[0] == "zh" else "en"
            blocks[lang] += page.read_text(encoding="utf-8").count('<div class="language-python highlight">')
    en = english_pages()
    zh = [chinese_twin(p) for p in en]
    print(f"import torch:                 {torch_import:6.2f} s (median of 3)")
    print(f"core suite (-m 'not browser'): {core:6.2f} s = {core / torch_import:.1f} x import torch (goal <= 3x)")
    print(f"full suite (make test):       {full:6.2f} s (goal <= 60 s warm)")
    print(f"mkdocs build --strict:        {build:6.2f} s (goal <= 5 s)")
    print(f"largest page:                 {largest_kb:6.1f} KB  {largest_name} (goal <= 60 KB)")
    print(f"curriculum rows covered:      en {len(rows(en))}, zh {len(rows(zh))}")
    print(f"python code blocks:           en {blocks['en']}, zh {blocks['zh']}")


if __name__ == "__main__":
    main()
