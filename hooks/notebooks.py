"""Render the chapter notebooks (docs/notebooks/*.ipynb) in both languages.

mkdocs-static-i18n re-creates every file after mkdocs-jupyter marked the notebooks as
pages, so they would be copied raw, silently, and the language menu of a notebook page
would point to the other language's home. Wrap them again as notebook pages, keeping the
localized destination static-i18n computed (notebooks/<page>.zh.ipynb → zh/notebooks/<page>/),
and give each its twin in the other language. Also keep mkdocs-jupyter's conversion cache
(.cache/mkdocs-jupyter) across the two language builds: each build starts a fresh list of
used entries and evicts the rest, so every build would convert every notebook again.

nbconvert's page is then made a plain Material page (on_page_content): its ~600 KB of inline
JupyterLab CSS, scripts and prompts go, code and outputs become the same `div.highlight`
blocks the chapters have (Material's colours and copy buttons; a shell command shown in a
Markdown cell, such as `nvidia-smi`, too), and each heading takes the
stable section anchor the notebook carries (`<a id="b01-sequential">`, written by
tools/chapter_notebooks.py) as its id, so the table of contents, the ¶ links and the skip
link all point to ids that exist, in both languages.
"""

import hashlib
import html
import json

from pathlib import Path
from types import SimpleNamespace

import bs4
from bs4 import BeautifulSoup
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc
from mkdocs_jupyter.plugin import NotebookFile, _compute_cache_key, _get_cache_path


@event_priority(-50)  # after mkdocs-jupyter's on_pre_build emptied its list
def on_pre_build(config):
    jupyter = config.plugins["mkdocs-jupyter"]
    cache_dir, options = jupyter.config["cache_dir"], jupyter.config
    for notebook in Path(config.docs_dir, "notebooks").glob("*.ipynb"):  # both languages' entries stay
        key = _compute_cache_key(str(notebook), options, options["execute"])
        jupyter._used_cache_paths.add(_get_cache_path(cache_dir, key))


@event_priority(-150)  # after static-i18n's on_files (-100)
def on_files(files, config):
    jupyter = config.plugins["mkdocs-jupyter"]
    prefixes = {lang.locale: lang.link.lstrip("/") for lang in config.plugins["i18n"].config.languages}
    for file in [f for f in files if jupyter.should_include(f) and not isinstance(f, NotebookFile)]:
        page = NotebookFile(file, **config)
        page.dest_path, page.abs_dest_path, page.url = file.dest_path, file.abs_dest_path, file.url
        common = file.url.removeprefix(prefixes[file.locale])
        file.alternates = {locale: SimpleNamespace(url=prefix + common) for locale, prefix in prefixes.items()}
        files.remove(file)
        files.append(page)
    return files


def _block(soup, language: str, pre) -> BeautifulSoup:
    """`<div class="language-X highlight"><pre><span></span><code>…</code></pre></div>`, as
    pymdownx.highlight writes it: Material styles it and gives it a copy button."""
    block = soup.new_tag("div", attrs={"class": f"language-{language} highlight"})
    new_pre, code = soup.new_tag("pre"), soup.new_tag("code")
    for child in list(pre.contents):
        if not (child.name == "span" and not child.get("class") and not child.contents):  # Pygments' empty first <span>
            code.append(child.extract())
    new_pre.append(soup.new_tag("span"))
    new_pre.append(code)
    block.append(new_pre)
    return block


def _heading(soup, h, where: str) -> dict:
    """The heading's id becomes its stable anchor; nbconvert's ¶ link is replaced by the
    permalink the chapters have."""
    anchor = h.find("a", id=True, href=False)
    if anchor is None:
        raise PluginError(f"{where}: heading {h.get_text()!r} carries no <a id> section anchor (tools/chapter_notebooks.py writes them)")
    h["id"] = anchor["id"]
    anchor.decompose()
    for link in h.find_all("a", class_="anchor-link"):
        link.decompose()
    if h.contents and isinstance(h.contents[-1], str):
        h.contents[-1].replace_with(h.contents[-1].rstrip())
    name = html.escape(h.get_text().strip())
    h.append(soup.new_tag("a", attrs={"class": "headerlink", "href": f"#{h['id']}", "title": "Permanent link"}, string="¶"))
    return {"level": int(h.name[1]), "id": h["id"], "name": name, "children": []}


def _plain_page(content: str, where: str) -> tuple[str, list]:
    soup = BeautifulSoup(content, "html.parser")
    out = BeautifulSoup("", "html.parser")
    cells = soup.select("div.jp-Notebook-cell")
    if not cells:
        raise PluginError(f"{where}: no notebook cells found in mkdocs-jupyter's HTML")
    for cell in cells:
        classes = cell.get("class", [])
        if cell.find_parent("div", class_="jp-Notebook-cell"):
            continue  # nbconvert nests each code cell in a second div.jp-CodeCell
        if "jp-MarkdownCell" in classes:
            markdown = cell.select_one(".jp-RenderedMarkdown")
            for shown in markdown.select("div.highlight"):  # a command shown, not run (nvidia-smi): copyable as on the chapter page
                shown.replace_with(_block(out, "console", shown.pre))
            for part in list(markdown.contents):
                out.append(part.extract())
        elif "jp-CodeCell" in classes:
            source = cell.select_one(".jp-InputArea .highlight-ipynb pre")
            out.append(_block(out, "python", source))
            for output in cell.select(".jp-OutputArea-output"):
                if output.pre is None:  # the chapters' outputs are printed text; anything else would vanish here
                    raise PluginError(f"{where}: a code cell shows an output that is not text: {output.get('data-mime-type')}")
                out.append(_block(out, "text", output.pre))
        else:
            raise PluginError(f"{where}: unknown notebook cell {classes}")
    tokens = [_heading(out, h, where) for h in out.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    return str(out), nest_toc_tokens(tokens)


# The plain page depends only on nbconvert's HTML, this file and Beautiful Soup: kept next to mkdocs-jupyter's
# cache (in a folder of its own, which mkdocs-jupyter's eviction does not touch), so a warm
# build skips ~2.5 s of parsing. Entries no page of this build used are removed at its end.
_PLAIN_PAGE_SALT = Path(__file__).read_bytes() + f"beautifulsoup4 {bs4.__version__}".encode()
_plain_pages_used: set[Path] = set()


def _plain_pages_dir(config) -> Path:
    return Path(config.plugins["mkdocs-jupyter"].config["cache_dir"]) / "plain-pages"


def on_page_content(content, page, config, files):
    if not isinstance(page.file, NotebookFile):
        return content
    cached = _plain_pages_dir(config) / f"{hashlib.sha256(_PLAIN_PAGE_SALT + content.encode()).hexdigest()}.json"
    _plain_pages_used.add(cached)
    if cached.exists():
        content, tokens = json.loads(cached.read_text(encoding="utf-8"))
    else:
        content, tokens = _plain_page(content, page.file.src_uri)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([content, tokens]), encoding="utf-8")
    page.toc = get_toc(tokens)
    return content


@event_priority(-150)  # after static-i18n's on_post_build (-100) built the other language
def on_post_build(config):
    for entry in _plain_pages_dir(config).glob("*.json"):
        if entry not in _plain_pages_used:
            entry.unlink()


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    """A notebook repeats its chapter page: keep it out of the search index, so results lead
    to the chapter and the index stays small."""
    if isinstance(page.file, NotebookFile):
        page.meta["search"] = {"exclude": True}
    return context
