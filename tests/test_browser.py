"""The built site in a real browser: Debian's Chromium driven by Playwright, the site served
by the test itself on 127.0.0.1 under its site_url path, and every other host cut off.

Needs `apt-get install -y chromium fonts-noto-cjk`. Without Chromium these tests skip,
unless CI=true, where they fail. Screenshots land in test-artifacts/ for review.
"""

import errno
import http.server
import os
import re
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from chapter_notebooks import chapter_pages, notebook_path
from markdown_pages import DOCS, ROOT, anchors, chinese_twin, english_pages

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SITE_PATH = urlsplit(re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)).path
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


def _alternate_sitemap_probe(url: str) -> bool:
    """Material fetches <alternate link>/sitemap.xml, expecting each language's root there;
    static-i18n's alternates are the page's twins (which i18n.js uses), so those 404s are expected."""
    return url.endswith("/sitemap.xml") and urlsplit(url).path != f"{SITE_PATH}sitemap.xml"


@pytest.fixture(scope="module")
def _shared_tab(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.foreign, page.broken = [], []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.foreign.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.on("response", lambda r: r.status >= 400 and not _alternate_sitemap_probe(r.url) and page.broken.append(f"{r.status} {r.url}"))
    yield page
    context.close()


@pytest.fixture
def tab(_shared_tab):
    """The browser tab; whatever a test does with it must load nothing from another host
    (works offline, behind a firewall) and find every resource it asks for."""
    _shared_tab.foreign.clear()
    _shared_tab.broken.clear()
    yield _shared_tab
    assert _shared_tab.foreign == [], f"requests to other hosts: {_shared_tab.foreign}"
    assert _shared_tab.broken == [], f"missing resources: {_shared_tab.broken}"


def _url_path(source: Path) -> str:
    """docs/blocks.md → blocks/, docs/index.md → '', docs/notebooks/blocks.ipynb → notebooks/blocks/"""
    relative = source.relative_to(DOCS).with_suffix("").as_posix()
    return "" if relative == "index" else relative + "/"


def _switch_language(tab, lang: str, expected_url: str):
    tab.locator(f'a.md-select__link[hreflang="{lang}"]').evaluate("link => link.click()")
    tab.wait_for_url(expected_url, wait_until="domcontentloaded")
    assert tab.locator("html").get_attribute("lang") == lang


def _check_rendered(tab, where: str, anchor: str):
    assert tab.locator("article").count() == 1, f"{where}: no article"
    assert tab.locator(f"[id='{anchor}']").count() == 1, f"{where}: no section #{anchor}"
    if "/notebooks/" not in where:  # notebook pages are rendered by nbconvert: the .ipynb is their copyable form
        blocks = tab.locator("div.highlight").count()
        buttons = tab.locator("div.highlight button.md-code__button[data-md-type=copy]").count()
        assert blocks == buttons, f"{where}: {blocks} code blocks but {buttons} copy buttons"


PAGES = english_pages() + [notebook_path(p) for p in chapter_pages() if not p.name.endswith(".zh.md")]


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_in_both_languages_and_the_switch_keeps_the_section(tab, site, source):
    """Each page, English and Chinese: renders, loads only from 127.0.0.1, has a copy button on
    every code block; the language menu round trip keeps the page and the #section."""
    page = source if source.suffix == ".md" else DOCS / (source.stem + ".md")
    anchor = anchors(page.read_text(encoding="utf-8"))[-1]
    en, zh = f"{site}{_url_path(source)}#{anchor}", f"{site}zh/{_url_path(source)}#{anchor}"
    tab.goto(en, wait_until="domcontentloaded")
    _check_rendered(tab, en, anchor)
    _switch_language(tab, "zh", zh)
    _check_rendered(tab, zh, anchor)
    _switch_language(tab, "en", en)


def test_language_switch_after_instant_navigation(tab, site):
    if urlsplit(site).port:
        pytest.skip("port 80 is taken: Material's instant navigation only follows the sitemap's default port")
    tab.goto(site + "blocks/")
    tab.evaluate("window.stillTheSameDocument = true")
    tab.click("a.md-footer__link--next")  # instant navigation: Material swaps the content in place
    tab.wait_for_url(f"{site}containers/")
    assert tab.evaluate("window.stillTheSameDocument") is True, "instant navigation did not happen"
    tab.evaluate("location.hash = '#b09-module-dict'")
    _switch_language(tab, "zh", f"{site}zh/containers/#b09-module-dict")


SEARCHES = [
    ("zh", "权重", "zh/blocks/#b05-fixed-hidden-mlp"),
    ("zh", "初始化", "zh/init/#i01-default-init"),
    ("zh", "参数绑定", "zh/tying/"),
    ("zh", "延后初始化", "zh/lazy/"),
    ("zh", "状态字典", "zh/params/#p01-state-dict"),
    ("zh", "钩子", "zh/toolkit/#m03-hooks"),
    ("zh", "参数化", "zh/toolkit/#m04-parametrizations"),
    ("zh", "元设备", "zh/state/#m05-meta-init"),
    ("zh", "缓冲区", "zh/custom-buffers/#c06-buffer-vs-attribute"),
    ("en", "safetensors", "state/#m07-safetensors"),
    ("en", "DistributedDataParallel", "distributed/#g09-ddp"),
    ("en", "initialization", "init/#i01-default-init"),
    ("en", "tied", "tying/#t03-tied-gradients"),
    ("zh", "并行块", "zh/containers/#b10-parallel"),
    ("zh", "ModuleList", "zh/containers/#b08-module-list"),
    ("en", "ModuleList", "containers/#b08-module-list"),
    ("en", "buffer", "blocks/#b05-fixed-hidden-mlp"),
]


@pytest.mark.parametrize("lang, term, expected", SEARCHES, ids=[f"{lang}-{term}" for lang, term, _ in SEARCHES])
def test_search_finds_the_section_in_the_readers_language(tab, site, lang, term, expected):
    tab.goto(site + ("zh/" if lang == "zh" else ""))
    tab.click(".md-search__input")
    tab.fill(".md-search__input", term)
    tab.keyboard.press("End")  # fill() alone does not trigger Material's search for CJK text
    results = tab.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    hrefs = [re.sub(r"\?h=[^#]*", "", h.removeprefix(site)) for h in results.evaluate_all("els => els.map(e => e.href)")]
    assert expected in hrefs, f"{term!r} on the {lang} site found {hrefs}"
    first_other = next((i for i, h in enumerate(hrefs) if h.startswith("zh/") != (lang == "zh")), len(hrefs))
    assert all(h.startswith("zh/") != (lang == "zh") for h in hrefs[first_other:]), f"results not in {lang} first: {hrefs}"


@pytest.mark.parametrize("page", [p for p in chapter_pages()], ids=lambda p: p.name)
def test_copy_button_copies_exactly_the_snippet(tab, site, page):
    snippets = [ROOT / m for m in re.findall(r'```python title="(snippets/[^"]+)"', page.read_text(encoding="utf-8"))]
    lang_prefix = "zh/" if page.name.endswith(".zh.md") else ""
    tab.goto(f"{site}{lang_prefix}{page.name.split('.')[0]}/")
    blocks = tab.locator("div.language-python")
    assert blocks.count() == len(snippets)
    for i, snippet in enumerate(snippets):
        blocks.nth(i).hover()
        blocks.nth(i).locator("button.md-code__button[data-md-type=copy]").click()
        copied = tab.evaluate("navigator.clipboard.readText()")
        expected = re.sub(r"[ \t]*# \(\d+\)!$", "", snippet.read_text(encoding="utf-8"), flags=re.M).rstrip("\n")
        assert copied == expected, f"{page.name}: the copy button of {snippet.name} gives other text"


@pytest.mark.parametrize("path", ["init/", "zh/init-custom/"])
def test_formulas_render_as_mathml_without_a_cdn(tab, site, path):
    tab.goto(site + path)
    formulas = tab.locator("math[display=block]")
    assert formulas.count() >= 1, f"{path}: no formula"
    for i in range(formulas.count()):
        box = formulas.nth(i).bounding_box()
        assert box and box["height"] > 20 and box["width"] > 50, f"{path}: formula {i} is not laid out: {box}"


def test_dark_mode_toggle(tab, site):
    tab.goto(site)
    scheme = tab.locator("body").get_attribute("data-md-color-scheme")
    tab.locator("form[data-md-component=palette] label:visible").first.click()
    assert tab.locator("body").get_attribute("data-md-color-scheme") != scheme


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_and_mobile_layout(browser, site, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = "zh/" if lang == "zh" else ""
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.goto(f"{site}{prefix}blocks/", wait_until="networkidle")
        tab.screenshot(path=ARTIFACTS / f"blocks-{lang}-{name}.png")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        context.close()
        assert overflow <= 0, f"{prefix}blocks/ scrolls sideways by {overflow}px at {viewport['width']}px"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """One Jupyter kernel for all notebooks (each run starts with %reset -f): the notebooks
    run as a reader runs them, without paying a kernel start and `import torch` each."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(tmp_path_factory.mktemp("kernel")))
    client.stop_channels()
    yield manager
    manager.shutdown_kernel(now=True)


def _download_notebook(tab, site, page: Path) -> Path:
    tab.goto(f"{site}{'zh/' if page.name.endswith('.zh.md') else ''}{page.name.split('.')[0]}/")
    with tab.expect_download() as download:
        tab.click("a[download]")
    return Path(download.value.path())


@pytest.mark.parametrize("page", [p for p in english_pages() if p in chapter_pages()], ids=lambda p: p.name)
def test_notebook_downloads_and_runs_top_to_bottom(tab, site, kernel, page):
    import nbformat
    from nbclient import NotebookClient

    notebooks = {lang: nbformat.read(_download_notebook(tab, site, p), as_version=4) for lang, p in (("en", page), ("zh", chinese_twin(page)))}
    code = {lang: [c.source for c in nb.cells if c.cell_type == "code"] for lang, nb in notebooks.items()}
    assert code["en"] == code["zh"], "the two languages' notebooks must run the same code"
    nb = notebooks["en"]
    shown = [c.outputs for c in nb.cells if c.cell_type == "code"]
    nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
    NotebookClient(nb, km=kernel, allow_errors=False, timeout=300).execute()
    for cell, before in zip([c for c in nb.cells if c.cell_type == "code"][1:], shown):
        printed = {name: "".join(o.text for o in cell.outputs if o.get("name") == name) for name in ("stdout", "stderr")}
        assert not printed["stderr"], f"{page.name}: a cell wrote to stderr:\n{printed['stderr']}"
        assert all(o.output_type == "stream" for o in cell.outputs), f"{page.name}: a cell raised or displayed:\n{cell.outputs}"
        if before:  # the notebook shows the output the page shows; a fresh run must print it again
            assert printed["stdout"] == before[0].text, f"{page.name}: a cell printed other output than the notebook shows:\n{cell.source[:200]}"
