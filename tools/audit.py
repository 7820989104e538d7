"""`make audit`: Lighthouse 12.2.3 (mobile, default throttling) on every page of the built site,
both languages, three runs each; prints the median score of each category per page and the
pages below the goals (performance ≥ 95, accessibility, best practices and SEO 100).

Not part of `make test`: performance scores swing between runs on a busy machine, which is why
each page runs three times. The site is served as GitHub Pages serves it (under site_url's
path, gzipped) by site_build.serve_site; one headless Debian Chromium serves every run.

    python tools/audit.py SITE_DIR [PAGE ...]     # PAGE: blocks/ zh/blocks/ …; default: every page
    AUDIT_RUNS=1 python tools/audit.py site blocks/
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_build import CHROMIUM, serve_site

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS = int(os.environ.get("AUDIT_RUNS", "3"))
PORT = 9333


def pages(site: Path) -> list[str]:
    """Every page: English first, then its Chinese twin."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    found = ["" if p == "." else p + "/" for p in found]
    return sorted(found, key=lambda p: (p.removeprefix("zh/"), p.startswith("zh/")))


def lighthouse(url: str, out: Path) -> dict:
    subprocess.run([str(LIGHTHOUSE), url, f"--port={PORT}", "--output=json", f"--output-path={out}", "--quiet",
                    "--only-categories=" + ",".join(CATEGORIES)], check=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main(site: Path, selected: list[str]) -> int:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: npm ci (package.json pins lighthouse 12.2.3)")
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium (Lighthouse audits in the full browser)")
    todo = selected or pages(site)
    server, url = serve_site(site, gzip=True)
    chrome = subprocess.Popen([str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={PORT}",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update", "about:blank"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)  # DevTools endpoint up
    below, medians = [], {name: [] for name in CATEGORIES}
    print(f"Lighthouse 12.2.3, mobile, {RUNS} run(s) per page, median; goals: {CATEGORIES}")
    print(f"{'page':34}" + "".join(f"{name:>16}" for name in CATEGORIES), flush=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in todo:
                runs = [lighthouse(url + page, Path(tmp) / "report.json") for _ in range(RUNS)]
                median = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
                for name, score in median.items():
                    medians[name].append(score)
                    if score < CATEGORIES[name]:
                        below.append(f"{page or '/'} {name} {score:g}")
                print(f"{page or '/':34}" + "".join(f"{median[name]:>16g}" for name in CATEGORIES), flush=True)
    finally:
        chrome.terminate()
        chrome.wait()
        server.shutdown()
    print(f"{'lowest median':34}" + "".join(f"{min(medians[name]):>16g}" for name in CATEGORIES))
    print("below the goals: " + (", ".join(below) if below else "none"))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
