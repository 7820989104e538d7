"""The built site in a real browser: Debian's Chromium driven by Playwright, the site served
by the test itself on 127.0.0.1 under its site_url path, and every other host cut off.

Needs `apt-get install -y chromium-headless-shell fonts-noto-cjk` (site_build.HEADLESS_SHELL).
Without it these tests skip, unless CI=true, where they fail. Screenshots land in test-artifacts/ for review.
"""

import contextlib
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from chapter_notebooks import chapter_pages, notebook_path
from markdown_pages import DOCS, ROOT, anchors, chinese_twin, english_pages

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"


def _from_another_host(url: str) -> bool:
    """data: and blob: URLs are made in the page (a blob: URL names the page's own origin)."""
    return not url.startswith("data:") and urlsplit(url.removeprefix("blob:")).hostname != "127.0.0.1"


def _loopback_tab(context):
    """A new tab recording every request it makes to another host than 127.0.0.1 (`foreign`;
    CHROMIUM_ARGS resolve no other host, so none gets through) and every response with an error
    status (`broken`). Requests are watched, not intercepted: Playwright turns the browser's
    HTTP cache off for a tab whose requests it routes, and every page visit would fetch every
    asset again."""
    page = context.new_page()
    page.foreign, page.broken = [], []
    page.on("request", lambda r: _from_another_host(r.url) and page.foreign.append(r.url))
    page.on("response", lambda r: r.status >= 400 and page.broken.append(f"{r.status} {r.url}"))
    return page


@contextlib.contextmanager
def _nothing_foreign_or_missing(tab):
    """Whatever is done with the tab inside must load nothing from another host (works offline,
    behind a firewall) and find every resource it asks for."""
    tab.foreign.clear()
    tab.broken.clear()
    yield tab
    assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"
    assert tab.broken == [], f"missing resources: {tab.broken}"


# Material sets up a code block (copy button, annotations and, through a11y.js, their names)
# when the block comes into view (content.lazy). In a viewport this tall every code block of
# every page is in view at once, once the collapsed blocks (<details>) are opened, as a reader
# opens them; _every_code_block_set_up fails if one is not.
EVERY_BLOCK_IN_VIEW = {"width": 1280, "height": 16000}
CODE_BLOCKS = "[...document.querySelectorAll('.highlight pre > code')]"  # what Material sets up


def _every_code_block_set_up(tab, where: str):
    # from the top: a page opened at a #section low on a long page (the cheatsheet) starts scrolled
    tab.evaluate("document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; }); scrollTo(0, 0)")
    below = tab.evaluate(f"{CODE_BLOCKS}.filter(code => code.getBoundingClientRect().top >= innerHeight).length")
    assert below == 0, f"{where}: {below} code blocks below the viewport: make EVERY_BLOCK_IN_VIEW taller"
    tab.wait_for_function(f"{CODE_BLOCKS}.every(code => code.parentElement.id.startsWith('__code_'))")


@pytest.fixture(scope="module")
def _shared_tab(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], viewport=EVERY_BLOCK_IN_VIEW)
    yield _loopback_tab(context)
    context.close()


@pytest.fixture
def tab(_shared_tab):
    """The browser tab (see _nothing_foreign_or_missing)."""
    with _nothing_foreign_or_missing(_shared_tab):
        yield _shared_tab


def _url_path(source: Path) -> str:
    """docs/blocks.md → blocks/, docs/blocks.zh.md → zh/blocks/, docs/index.md → '',
    docs/notebooks/blocks.ipynb → notebooks/blocks/"""
    relative = source.relative_to(DOCS).as_posix().split(".")[0]
    path = "" if relative == "index" else relative + "/"
    return "zh/" + path if source.name.endswith(".zh.md") else path


def _switch_language(tab, lang: str, expected_url: str):
    tab.locator(f'a.md-select__link[hreflang="{lang}"]').evaluate("link => link.click()")
    tab.wait_for_url(expected_url, wait_until="domcontentloaded")
    assert tab.locator("html").get_attribute("lang") == lang


def _shown_snippets(page: Path) -> list[Path]:
    return [ROOT / m for m in re.findall(r'```python title="(snippets/[^"]+)"', page.read_text(encoding="utf-8"))]


def _as_copied(snippet: Path) -> str:
    """What the copy button must give: the file, without annotation markers and trailing blanks."""
    return re.sub(r"[ \t]*# \(\d+\)!$", "", snippet.read_text(encoding="utf-8"), flags=re.M).rstrip("\n")


def _check_rendered(tab, where: str, anchor: str, page: Path | None):
    """The page rendered its section, and (Material pages) every code block has a copy button
    that copies exactly its snippet (Material copies the code's data-copy text; that it really
    lands on the clipboard is test_copy_button_puts_the_snippet_on_the_clipboard)."""
    assert tab.locator("article").count() == 1, f"{where}: no article"
    assert tab.locator(f"[id='{anchor}']").count() == 1, f"{where}: no section #{anchor}"
    blocks = tab.locator("div.highlight").count()
    buttons = tab.locator("div.highlight button.md-code__button[data-md-type=copy]").count()
    assert blocks == buttons, f"{where}: {blocks} code blocks but {buttons} copy buttons"
    if page is None:
        return  # a notebook page, rendered by nbconvert (hooks/notebooks.py): its snippets are checked on the chapter page
    copied = tab.locator("div.language-python").evaluate_all(  # the blocks titled with a snippet's path
        "divs => divs.filter(d => (d.querySelector('.filename')?.textContent ?? '').startsWith('snippets/'))"
        ".map(d => d.querySelector('pre > code').dataset.copy)")
    assert copied == [_as_copied(s) for s in _shown_snippets(page)], f"{where}: a copy button would not give its snippet"


# Chinese text as Chromium lays it out: a line break left between two Chinese characters (or after
# Chinese punctuation, before Latin text) shows as a space, "模块，␣所以" (extensions/cjk_linebreaks.py
# joins them at build time). Each text block of the article, read as rendered: code, keyboard keys
# and formulas count as Latin text, a <br> or a nested block ends the text.
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2026\u2014"
STRAY_SPACES = r"""() => {
  const stray = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffPUNCT]\s+[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffPUNCT]|[PUNCT]\s+[!-~]|[!-~]\s+[PUNCT]/g;
  const BLOCKS = "p, li, td, th, h1, h2, h3, h4, h5, h6, dt, dd, summary, figcaption, blockquote";
  const END = "\u0000";  // a <br>, or a nested block: the text before and after are not one line
  const read = (node) => [...node.childNodes].map((child) => {
    if (child.nodeType === Node.TEXT_NODE) return child.data;
    if (child.nodeType !== Node.ELEMENT_NODE || child.matches(BLOCKS + ", pre, script, style, br")) return END;
    if (child.matches("code, kbd, math")) return "x";
    return read(child);
  }).join("");
  const found = [];
  for (const block of document.querySelectorAll(`article :is(${BLOCKS})`)) {
    for (const line of read(block).split(END)) {
      for (const m of line.matchAll(stray)) found.push(line.slice(Math.max(0, m.index - 12), m.index + m[0].length + 12));
    }
  }
  return found;
}""".replace("PUNCT", _CJK_PUNCT)


def _no_stray_spaces(tab, where: str):
    found = [text.replace("\n", "⏎") for text in tab.evaluate(STRAY_SPACES)]
    assert found == [], f"{where}: Chromium shows a space between Chinese characters (⏎: a line break): {found[:5]}"


CHAPTERS = chapter_pages()
PAGES = english_pages() + [notebook_path(p) for p in CHAPTERS if not p.name.endswith(".zh.md")]


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_in_both_languages(tab, site, source, notebook_runs):
    """Each page, English and Chinese: renders its last #section, loads only from 127.0.0.1,
    has a copy button giving exactly the snippet on every code block; the Chinese one shows no
    stray space. A chapter page's notebook is downloaded here and run by notebook_runs. A
    notebook page is opened in Chinese: the English one is made by the same hook from a notebook
    with the same code (test_notebooks.py), and its links are test_links.py's."""
    page = source if source.suffix == ".md" else DOCS / (source.stem + ".md")
    anchor = anchors(page.read_text(encoding="utf-8"))[-1]
    material = source.suffix == ".md"
    shown = [("en", page), ("zh", chinese_twin(page))] if material else [("zh", chinese_twin(page))]
    for lang, twin in shown:
        url = f"{site}{'zh/' if lang == 'zh' else ''}{_url_path(source)}#{anchor}"
        tab.goto(url, wait_until="domcontentloaded")
        assert tab.locator("html").get_attribute("lang") == lang, url
        _every_code_block_set_up(tab, url)
        _check_rendered(tab, url, anchor, twin if material else None)
        if lang == "zh":
            _no_stray_spaces(tab, url)
        if material and page in CHAPTERS:
            notebook_runs.download(tab, twin)


# The language menu works the other language's URL out from the page's (i18n.js), the same way
# on every page: a round trip on each kind of path (the home page, a notebook page under
# notebooks/, a page with a section low on it: the cheatsheet); every page's twin is
# test_site.py's and test_links.py's. test_language_switch_after_instant_navigation and
# test_the_site_works_served_from_another_path switch on a chapter page.
SWITCHED = ["index.md", "notebooks/blocks.ipynb", "cheatsheet.md"]


@pytest.mark.parametrize("name", SWITCHED)
def test_the_language_switch_keeps_the_page_and_the_section(tab, site, name):
    source = DOCS / name
    page = source if source.suffix == ".md" else DOCS / (source.stem + ".md")
    anchor = anchors(page.read_text(encoding="utf-8"))[-1]
    en, zh = f"{site}{_url_path(source)}#{anchor}", f"{site}zh/{_url_path(source)}#{anchor}"
    tab.goto(en, wait_until="domcontentloaded")
    _switch_language(tab, "zh", zh)
    assert tab.locator(f"[id='{anchor}']").count() == 1, f"{zh}: no section #{anchor}"
    _switch_language(tab, "en", en)
    assert tab.locator(f"[id='{anchor}']").count() == 1, f"{en}: no section #{anchor}"


def test_a_wrapped_chinese_line_left_in_a_page_is_caught(tab, site):
    """The check above fails, naming page and text, on a paragraph whose line break was not
    joined: planted into a real page as the HTML a wrapped source line would give."""
    tab.goto(site + "zh/blocks/", wait_until="domcontentloaded")
    _no_stray_spaces(tab, "zh/blocks/")
    tab.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
        "<p>块本身也是模块，\\n所以可以层层嵌套。</p><ul><li>两层（<code>MLP</code>）：\\n20 个参数</li></ul>")""")
    with pytest.raises(AssertionError) as caught:
        _no_stray_spaces(tab, "zh/blocks/")
    assert "zh/blocks/" in str(caught.value)
    assert "块本身也是模块，⏎所以可以层层嵌套" in str(caught.value) and "两层（x）：⏎20 个参数" in str(caught.value)


def test_language_switch_after_instant_navigation(browser, site):
    """Material's instant navigation only follows links on the sitemap's default port: this
    tab sees the site at http://127.0.0.1/ (port 80), each request answered by the test's
    server on its own port. No port 80 is opened, so the test runs the same everywhere."""
    served = urlsplit(site)
    shown = served._replace(netloc=served.hostname).geturl()  # http://127.0.0.1/modules-and-parameters/
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()

    def via_test_server(route):
        url = urlsplit(route.request.url)
        if url.hostname != "127.0.0.1":
            return route.abort()
        route.fulfill(response=route.fetch(url=url._replace(netloc=served.netloc).geturl()))

    tab.route("**/*", via_test_server)
    try:
        _instant_navigation_then_language_switch(tab, shown)
    finally:
        context.close()


def _instant_navigation_then_language_switch(tab, site):
    tab.goto(site + "blocks/")
    tab.evaluate("window.stillTheSameDocument = true")
    tab.click("a.md-footer__link--next")  # instant navigation: Material swaps the content in place
    tab.wait_for_url(f"{site}containers/")
    assert tab.evaluate("window.stillTheSameDocument") is True, "instant navigation did not happen"
    tab.evaluate("location.hash = '#b09-module-dict'")
    _switch_language(tab, "zh", f"{site}zh/containers/#b09-module-dict")


SEARCHES = [
    ("zh", "权重", "zh/params/#p01-state-dict"),
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
    ("zh", "平行块", "zh/containers/#b10-parallel"),
    ("zh", "ModuleList", "zh/containers/#b08-module-list"),
    ("en", "ModuleList", "containers/#b08-module-list"),
    ("en", "buffer", "blocks/#b05-fixed-hidden-mlp"),
    ("zh", "冻结", "zh/practice/#r02-freeze"),
    ("zh", "优化器", "zh/practice/#r01-optimizer-order"),
    ("en", "freeze", "practice/#r02-freeze"),
    ("en", "optimizer", "practice/#r01-optimizer-order"),
    ("zh", "分片", "zh/sharded/"),
    ("zh", "编译", "zh/compiled/"),
    ("en", "_orig_mod", "compiled/#d01-compiled-state-dict"),
    ("en", "fully_shard", "fsdp/#d04-fully-shard"),
    ("en", "DCP", "sharded/#d03-dcp"),
]


@pytest.fixture(scope="module")
def search_tabs(browser, site):
    """One tab per language, left on its home page: the search index is fetched and built
    once per language, and each term is searched in the same box (cleared in between)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tabs = {}

    def open_home(lang):
        if lang not in tabs:
            tab = _loopback_tab(context)
            with _nothing_foreign_or_missing(tab):
                tab.goto(site + ("zh/" if lang == "zh" else ""))
                tab.click(".md-search__input")
            tabs[lang] = tab
        return tabs[lang]

    yield open_home
    context.close()


@pytest.mark.parametrize("lang, term, expected", SEARCHES, ids=[f"{lang}-{term}" for lang, term, _ in SEARCHES])
def test_search_finds_the_section_in_the_readers_language(search_tabs, site, lang, term, expected):
    with _nothing_foreign_or_missing(search_tabs(lang)) as tab:
        results = tab.locator(".md-search-result__item a.md-search-result__link")
        tab.fill(".md-search__input", "")
        tab.keyboard.press("End")
        results.first.wait_for(state="detached")  # the previous term's results are gone
        tab.fill(".md-search__input", term)
        tab.keyboard.press("End")  # fill() alone does not trigger Material's search for CJK text
        results.first.wait_for(timeout=60_000)  # a bound, not a delay: it returns as soon as results show
        hrefs = [re.sub(r"\?h=[^#]*", "", h.removeprefix(site)) for h in results.evaluate_all("els => els.map(e => e.href)")]
    assert expected in hrefs, f"{term!r} on the {lang} site found {hrefs}"
    first_other = next((i for i, h in enumerate(hrefs) if h.startswith("zh/") != (lang == "zh")), len(hrefs))
    assert all(h.startswith("zh/") != (lang == "zh") for h in hrefs[first_other:]), f"results not in {lang} first: {hrefs}"


@pytest.mark.parametrize("page", [DOCS / "blocks.md", DOCS / "toolkit.zh.md"], ids=lambda p: p.name)
def test_copy_button_puts_the_snippet_on_the_clipboard(tab, site, page):
    snippets = _shown_snippets(page)
    tab.goto(site + _url_path(page))
    blocks = tab.locator("div.language-python")
    assert blocks.count() == len(snippets)
    for i, snippet in enumerate(snippets):
        blocks.nth(i).hover()
        blocks.nth(i).locator("button.md-code__button[data-md-type=copy]").click()
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == _as_copied(snippet), f"{page.name}: the copy button of {snippet.name} gives other text"


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
        tab.goto(f"{site}{prefix}blocks/", wait_until="load")
        tab.screenshot(path=ARTIFACTS / f"blocks-{lang}-{name}.png")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        context.close()
        assert overflow <= 0, f"{prefix}blocks/ scrolls sideways by {overflow}px at {viewport['width']}px"


class NotebookRuns:
    """Notebooks downloaded through their pages' download links, run top to bottom one after
    another in one Jupyter kernel (each starting with %reset -f), in a background thread: the
    kernel works on the second core while the browser tests go on."""

    def __init__(self, kernel, folder: Path):
        self.kernel, self.folder = kernel, folder
        self.files: dict[str, Path] = {}
        self.runs: dict[str, Future] = {}
        self.pool = ThreadPoolExecutor(max_workers=1)

    def download(self, tab, page: Path):
        with tab.expect_download() as download:
            tab.click("a[download]")
        path = self.folder / download.value.suggested_filename
        download.value.save_as(path)
        self.files[page.name] = path
        if not page.name.endswith(".zh.md"):
            self.runs[page.name] = self.pool.submit(self._run, path)

    def _run(self, path: Path):
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.read(path, as_version=4)
        shown = [c.outputs for c in nb.cells if c.cell_type == "code"]
        nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
        NotebookClient(nb, km=self.kernel, allow_errors=False, timeout=300).execute()
        return [c for c in nb.cells if c.cell_type == "code"][1:], shown


@pytest.fixture(scope="module")
def notebook_runs(tmp_path_factory):
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(tmp_path_factory.mktemp("kernel")))
    client.stop_channels()
    # the browser tests wait on Chromium, the kernel only on its CPU: it yields the cores to them
    # and runs in their gaps (its results are needed at the end, by the notebook tests)
    os.setpriority(os.PRIO_PROCESS, manager.provisioner.pid, 10)
    runs = NotebookRuns(manager, tmp_path_factory.mktemp("downloads"))
    yield runs
    runs.pool.shutdown(cancel_futures=True)
    manager.shutdown_kernel(now=True)



@pytest.mark.parametrize("page", [p for p in english_pages() if p in CHAPTERS], ids=lambda p: p.name)
def test_notebook_downloads_and_runs_top_to_bottom(tab, site, notebook_runs, page):
    import nbformat

    for p in (page, chinese_twin(page)):
        if p.name not in notebook_runs.files:  # its page test did not run (-k): download it here
            tab.goto(site + _url_path(p))
            notebook_runs.download(tab, p)
    code = {p.name: [c.source for c in nbformat.read(notebook_runs.files[p.name], 4).cells if c.cell_type == "code"]
            for p in (page, chinese_twin(page))}
    assert code[page.name] == code[chinese_twin(page).name], "the two languages' notebooks must run the same code"
    cells, shown = notebook_runs.runs[page.name].result(timeout=600)
    for cell, before in zip(cells, shown):
        printed = {name: "".join(o.text for o in cell.outputs if o.get("name") == name) for name in ("stdout", "stderr")}
        assert not printed["stderr"], f"{page.name}: a cell wrote to stderr:\n{printed['stderr']}"
        assert all(o.output_type == "stream" for o in cell.outputs), f"{page.name}: a cell raised or displayed:\n{cell.outputs}"
        if before:  # the notebook shows the output the page shows; a fresh run must print it again
            assert printed["stdout"] == before[0].text, f"{page.name}: a cell printed other output than the notebook shows:\n{cell.source[:200]}"


# --- Reader-grade pages (issue 16): axe-core, weight, console, phone layout ---------------------

# one page of each kind: home, chapter, chapter with formulas, cheatsheet, questions, notebook,
# an index of tables of links (the task index; the error index and the glossary are of its kind)
PAGE_TYPES = ["", "blocks/", "init/", "cheatsheet/", "questions/", "notebooks/blocks/", "tasks/"]
INDEXES = ["errors/", "glossary/"]  # long quoted messages and words in table cells: checked on a phone too
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
MISSING = "no/such/page/"  # GitHub Pages (and site_build.serve_site) answer it with 404.html


def _open(browser, site, path: str, wait_until="networkidle", **context_options):
    """A fresh tab on `path`, loaded until the network is idle (or `wait_until`), that records
    console errors and the body of every response (CHROMIUM_ARGS: it reaches no other host)."""
    context = browser.new_context(**context_options)
    tab = context.new_page()
    tab.errors, tab.responses = [], []
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("response", lambda r: tab.responses.append(r))
    tab.goto(site + path, wait_until=wait_until)
    return context, tab


# Only violations are worked out node by node (axe's resultTypes): the same violations, in half the time
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


# Each kind of page in both languages and both schemes, half the runs of all four: the light
# scheme as a reader first sees the page (blocks below the fold not set up yet, content.lazy), the
# dark one once every code block is set up (its copy button, annotation markers and their names);
# the kinds alternate which language gets which, so each language is checked in both states.
SCHEME = {"light": ("default", False), "dark": ("slate", True)}
AXE_RUNS = [(lang + t, scheme) for i, t in enumerate(PAGE_TYPES)
            for lang, scheme in (("", ("light", "dark")[i % 2]), ("zh/", ("dark", "light")[i % 2]))] + [(MISSING, "light")]


def test_every_kind_of_page_gets_both_schemes_in_both_languages():
    for kind in PAGE_TYPES:
        assert {s for p, s in AXE_RUNS if p in (kind, "zh/" + kind)} == {"light", "dark"}, kind
    for lang in ("", "zh/"):
        assert {s for p, s in AXE_RUNS if p != MISSING and p.startswith("zh/") == (lang == "zh/")} == {"light", "dark"}, lang


@pytest.mark.parametrize("path, scheme", AXE_RUNS, ids=lambda v: v or "home")
def test_axe_core_finds_no_violation_and_the_console_no_error(browser, site, path, scheme):
    """axe-core (wcag2a, wcag2aa, wcag21aa, best-practice) on every kind of page (AXE_RUNS), the
    tab opened in that color scheme as a reader's system preference opens it: zero violations;
    and nothing logged as an error (the 404 page logs its own 404 status, nothing else)."""
    from axe_playwright_python.sync_playwright import Axe

    palette, every_block = SCHEME[scheme]
    size = {"viewport": EVERY_BLOCK_IN_VIEW} if every_block else {}
    context, tab = _open(browser, site, path, wait_until="load", color_scheme=scheme, **size)
    try:
        if every_block:
            _every_code_block_set_up(tab, f"{path} ({scheme})")
        if path != MISSING:
            assert tab.locator("body").get_attribute("data-md-color-scheme") == palette, scheme
        results = Axe().run(tab, options=AXE_OPTIONS)
        report = results.generate_report() if results.violations_count else None
        errors = [e for e in tab.errors if not (path == MISSING and "404" in e)]
    finally:
        context.close()
    assert report is None, f"{path or 'home'} ({scheme}):\n{report}"
    assert errors == [], f"{path or 'home'} ({scheme}) logs errors: {errors}"


def test_the_404_page_serves_both_languages_styled_anywhere(browser, site):
    """The 404 page carries its own styles (no asset to resolve from a deep missing path) and
    links each language's home under the path it is served from."""
    context, tab = _open(browser, site, "deep/" + MISSING)
    try:
        assert tab.responses[0].status == 404
        assert [r.url for r in tab.responses[1:]] == [], "the 404 page must need no other file"
        homes = tab.locator("a.home").evaluate_all("links => links.map(a => a.href)")
        assert homes == [site, site + "zh/"]
        assert tab.locator("header").evaluate("h => getComputedStyle(h).backgroundColor") != "rgba(0, 0, 0, 0)"
    finally:
        context.close()
    for home in homes:
        context, tab = _open(browser, home, "")
        context.close()
        assert tab.responses[0].status == 200


KB = 1024


@pytest.mark.parametrize("path", ["", "zh/"], ids=["en", "zh"])
def test_first_visit_is_light(browser, site, path):
    """First visit to a home page: ≤ 400 KB, ≤ 100 KB gzipped (GitHub Pages serves gzip), with
    no search index until search is opened; then only the page's language is searched."""
    import gzip

    context, tab = _open(browser, site, path)
    try:
        bodies = {r.url: r.body() for r in tab.responses if r.status == 200}
        assert not [u for u in bodies if "search_index" in u], "the search index loads before search is opened"
        raw, zipped = sum(map(len, bodies.values())), sum(len(gzip.compress(b, 6)) for b in bodies.values())
        assert raw <= 400 * KB and zipped <= 100 * KB, f"/{path}: {raw / KB:.0f} KB, {zipped / KB:.0f} KB gzipped"
        with tab.expect_response(lambda r: r.url.endswith("search/search_index.json")):
            tab.click(".md-search__input")
    finally:
        context.close()


def test_notebook_pages_are_plain_material_pages(built_site):
    """Each notebook page ≤ 100 KB, without nbconvert's inline CSS or scripts, its headings
    carrying the chapter's section anchors (the same ids in both languages)."""
    import re

    notebooks = sorted(built_site.glob("notebooks/*/index.html")) + sorted(built_site.glob("zh/notebooks/*/index.html"))
    assert len(notebooks) == 2 * len([p for p in CHAPTERS if not p.name.endswith(".zh.md")])
    for page in notebooks:
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert len(html.encode()) <= 100 * KB, f"{page}: {len(html.encode()) / KB:.0f} KB"
        assert "<style" not in article and "<script" not in article, f"{page}: inline CSS or script"
        chapter = DOCS / (page.parent.name + (".zh.md" if "zh" in page.relative_to(built_site).parts else ".md"))
        ids = re.findall(r'<h[1-6] id="([^"]+)"', article)
        assert ids == anchors(chapter.read_text(encoding="utf-8")), f"{page}: heading ids differ from {chapter.name}'s anchors"


def test_every_page_is_painted_before_its_scripts_run(built_site):
    """overrides/main.html defers Material's bundle and extra_javascript (Lighthouse: the
    cheatsheet's first paint waited for them). A change to Material's template that the
    override no longer matches fails here, not silently in a slower page."""
    pages = sorted(built_site.rglob("*.html"))
    blocking = [f"{p.relative_to(built_site)}: {tag}" for p in pages
                for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", p.read_text(encoding="utf-8")) if " defer" not in tag]
    assert len(pages) > 80 and blocking == [], blocking[:5]


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_cheatsheet_code_is_legible_and_names_stay_whole(browser, site, lang):
    """At 390 px: no text in the cheatsheet under 12 px, no identifier (nn.ModuleList) broken
    across two lines; wide tables scroll inside their box, the page does not."""
    context, tab = _open(browser, site, ("zh/" if lang == "zh" else "") + "cheatsheet/", wait_until="load", viewport=PHONE)
    try:
        sizes = tab.locator("article code, article td, article th, article p").evaluate_all(
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        broken = tab.evaluate("""() => {
            const broken = [];
            for (const code of document.querySelectorAll("article table code")) {
              const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
              for (let node; (node = walker.nextNode()); ) {
                for (const m of node.data.matchAll(/[A-Za-z_][\\w.]*\\w/g)) {
                  const range = document.createRange();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                  if (lines.size > 1) broken.push(m[0]);
                }
              }
            }
            return broken;
        }""")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    finally:
        context.close()
    assert len(sizes) > 100 and min(sizes) >= 12, f"text at {min(sizes)} px"
    assert broken == [], f"names broken across lines: {broken[:10]}"
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("path", [p for t in PAGE_TYPES + INDEXES for p in (t, "zh/" + t)], ids=lambda p: p or "home")
def test_no_page_scrolls_sideways_on_a_phone(browser, site, path):
    context, tab = _open(browser, site, path, wait_until="load", viewport=PHONE)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px at 390 px"


def test_the_site_works_served_from_another_path(browser, built_site):
    """A fork, a custom domain or `python -m http.server -d site`: the site at the host's root
    instead of site_url's path. Home pages, language switch and assets all resolve."""
    from site_build import serve_site

    server, root = serve_site(built_site, path="/")
    try:
        context, tab = _open(browser, root, "")  # records every response of the tab, also after navigations
        _switch_language(tab, "zh", root + "zh/")
        _switch_language(tab, "en", root)
        tab.goto(root + "zh/blocks/#b02-custom-mlp", wait_until="networkidle")
        _switch_language(tab, "en", root + "blocks/#b02-custom-mlp")
        hrefs = tab.locator("a.md-select__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        failed = [f"{r.status} {r.url}" for r in tab.responses if r.status >= 400]
        context.close()
    finally:
        server.shutdown()
    assert failed == [], failed
    assert all(not h.startswith("/") for h in hrefs), hrefs


@pytest.mark.parametrize("term, words", [("冻结", "冻结"), ("元设备", "元 设备"), ("初始化权重", "初始化 权重"), ("缓冲区", "缓冲区"),
                                         ("保存和加载模型", "保存 加载 模型")])
def test_a_chinese_query_is_searched_whole(search_tabs, site, term, words):
    """Material's worker drops the last word of a Chinese query (hooks/search_zh.py): 冻结 was
    searched as 冻; and everything after a stop word the index leaves out: 保存和加载模型 was
    searched as 保存. The results' ?h= carries the words the worker searched."""
    from urllib.parse import parse_qs

    with _nothing_foreign_or_missing(search_tabs("zh")) as tab:
        results = tab.locator(".md-search-result__item a.md-search-result__link")
        tab.fill(".md-search__input", "")
        tab.keyboard.press("End")
        results.first.wait_for(state="detached")
        tab.fill(".md-search__input", term)
        tab.keyboard.press("End")
        results.first.wait_for(timeout=60_000)
        searched = {parse_qs(urlsplit(h).query).get("h", [""])[0] for h in results.evaluate_all("els => els.map(e => e.href)")}
    assert words in searched, f"{term!r} was searched as {searched - {''}}"


def test_a_search_results_link_marks_the_terms(browser, site):
    """A result's link (?h=) opened on its own: the page loads the search index (overrides/main.html)
    and Material marks the terms."""
    context = browser.new_context()
    try:
        tab = _loopback_tab(context)
        with _nothing_foreign_or_missing(tab):
            tab.goto(site + "zh/practice/?h=冻结")
            tab.locator("mark[data-md-highlight]").first.wait_for(timeout=30_000)
            assert set(tab.locator("mark[data-md-highlight]").all_text_contents()) == {"冻结"}
    finally:
        context.close()
