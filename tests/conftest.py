import errno
import http.server
import os
import threading
from functools import partial
from pathlib import Path

import pytest
import torch

from site_build import SITE_PATH


def pytest_addoption(parser):
    parser.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite snippets/**/*.out from a fresh run instead of comparing against them",
    )


@pytest.fixture(params=["cpu", "cuda"])
def device(request):
    """Default device the snippets run under; printed output is compared on CPU only."""
    if request.param == "cuda" and not torch.cuda.is_available():
        pytest.skip("CUDA is not available on this machine")
    return request.param


@pytest.fixture
def snippet(device):
    """`snippet("tying/t03_tied_gradients")` → the globals the snippet left, run under `device`."""
    from snippet_runner import SNIPPETS_DIR, run_snippet

    return lambda name: run_snippet(SNIPPETS_DIR / f"{name}.py", device).namespace


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per session with `mkdocs build --strict` semantics."""
    from markdown_pages import ROOT
    from site_build import strict_build

    site = tmp_path_factory.mktemp("site")
    strict_build(ROOT / "mkdocs.yml", site)
    return site


# The built site in Debian's Chromium: tests/test_browser.py and the cheatsheet's print test.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the network is cut: loopback only
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(built_site):
    """Base URL of the built site, served from this process on 127.0.0.1 under the path of its
    site_url, as GitHub Pages serves it. On port 80 when it is free: Material's instant
    navigation matches links against the sitemap's URLs, whose port is the default one."""

    class UnderSitePath(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(SITE_PATH):
                return str(built_site / "outside-the-site-path")
            return super().translate_path("/" + path.removeprefix(SITE_PATH))

        def log_message(self, *args):
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser moved on before a big page was sent: not the site's fault

    handler = partial(UnderSitePath, directory=str(built_site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 80), handler)
    except OSError as e:
        if e.errno not in (errno.EACCES, errno.EADDRINUSE):
            raise
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    yield f"http://127.0.0.1{'' if port == 80 else f':{port}'}{SITE_PATH}"
    server.shutdown()
