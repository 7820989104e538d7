import os

import pytest
import torch

from site_build import BROWSER_PACKAGES, CHROMIUM_ARGS, HEADLESS_SHELL, serve_site


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
@pytest.fixture(scope="session")
def browser():
    if not HEADLESS_SHELL.exists():
        message = f"{HEADLESS_SHELL} is missing: {BROWSER_PACKAGES}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(HEADLESS_SHELL), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(built_site):
    """URL of the built site, served from this process (site_build.serve_site)."""
    server, url = serve_site(built_site)
    yield url
    server.shutdown()
