"""The built site: built in-process the way `mkdocs build --strict` does, served on 127.0.0.1
as GitHub Pages serves it, and the browser that opens it."""

import contextlib
import http.server
import re
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from markdown_pages import ROOT

# Debian's Chromium: the browser (Lighthouse audits pages in it, tools/audit.py), and its headless
# shell (the same engine without the browser's window and UI: Playwright's own choice for headless
# runs), which the browser tests drive. The shell costs ~40 % less CPU than `chromium --headless`
# per page visit (the suite is CPU-bound on 2 cores). The tests launch it with CHROMIUM_ARGS: no
# network but loopback.
CHROMIUM = Path("/usr/bin/chromium")
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
BROWSER_PACKAGES = "apt-get install -y chromium-headless-shell fonts-noto-cjk"  # make audit also needs chromium
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the network is cut: loopback only
]

SITE_URL = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)
# the path the site is served under: that of its site_url (/modules-and-parameters/)
SITE_PATH = urlsplit(SITE_URL).path


def strict_build(config_file, site_dir):
    """Built from the config's folder, as `make build` does: mkdocs-jupyter's cache_dir is relative
    to the working directory, and a minimal copy's build (tests/test_build.py) would otherwise
    evict the real site's cache entries, making every next build cold."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = Path(config_file).resolve()
    with contextlib.chdir(config_file.parent):
        build(load_config(str(config_file), site_dir=str(Path(site_dir).resolve()), strict=True))


COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ipynb"}


def serve_site(site_dir: Path, gzip: bool = False, path: str = SITE_PATH):
    """Serve a built site on 127.0.0.1 under `path` (site_url's, as GitHub Pages serves it); return the
    server and the site's URL. Always on a free port the system picks: a test never depends on
    port 80 being free (see test_browser.test_language_switch_after_instant_navigation for the
    one place that needs the default port). With gzip=True
    text is sent gzipped, as GitHub Pages does (Lighthouse times the bytes on the wire). `path`:
    where the site is served (a fork or `python -m http.server -d site` serves it at "/")."""

    class UnderSitePath(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, url):
            if not url.startswith(path):
                return str(site_dir / "outside-the-site-path")
            return super().translate_path("/" + url.removeprefix(path))

        def send_head(self):
            file = Path(self.translate_path(self.path))
            if file.is_dir():
                file = file / "index.html"
            if not (gzip and "gzip" in self.headers.get("Accept-Encoding", "") and file.suffix in COMPRESSED and file.is_file()):
                return super().send_head()
            import gzip as gz
            import io

            body = gz.compress(file.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

        def send_error(self, code, message=None, explain=None):
            """A missing page gets the site's 404.html, with status 404, as on GitHub Pages."""
            page = site_dir / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser moved on before a big page was sent: not the site's fault

    handler = partial(UnderSitePath, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{path}"
