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


_browser_tests_not_run = []


def pytest_runtest_logreport(report):
    if report.skipped and "browser" in report.keywords and str(HEADLESS_SHELL) in str(report.longrepr):
        _browser_tests_not_run.append(report.nodeid)


def pytest_unconfigure(config):
    """A run without the browser must not read as a full pass: its last line says so."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if _browser_tests_not_run and reporter is not None:
        reporter.write_line(
            f"NOT EVERY TEST RAN: {len(_browser_tests_not_run)} browser tests were skipped ({HEADLESS_SHELL} is missing). "
            f"To run them: sudo {BROWSER_PACKAGES}  (make test does it when run as root)", yellow=True, bold=True)


@pytest.fixture(scope="session")
def site(built_site):
    """URL of the built site, served from this process (site_build.serve_site)."""
    server, url = serve_site(built_site)
    yield url
    server.shutdown()
