"""The built site: built in-process the way `mkdocs build --strict` does, served on 127.0.0.1
as GitHub Pages serves it, and the browser that opens it."""

import http.server
import re
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from markdown_pages import ROOT

# Debian's Chromium, launched without any network but loopback
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the network is cut: loopback only
]

# the path the site is served under: that of its site_url (/modules-and-parameters/)
SITE_PATH = urlsplit(re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)).path


def strict_build(config_file, site_dir):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config_file), site_dir=str(site_dir), strict=True))


def serve_site(site_dir: Path):
    """Serve a built site on 127.0.0.1 under SITE_PATH, as GitHub Pages serves it; return the
    server and the site's URL. Always on a free port the system picks: a test never depends on
    port 80 being free (see test_browser.test_language_switch_after_instant_navigation for the
    one place that needs the default port)."""

    class UnderSitePath(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(SITE_PATH):
                return str(site_dir / "outside-the-site-path")
            return super().translate_path("/" + path.removeprefix(SITE_PATH))

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
    return server, f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
