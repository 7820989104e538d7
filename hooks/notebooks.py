"""Render the chapter notebooks (docs/notebooks/*.ipynb) in both languages.

mkdocs-static-i18n re-creates every file after mkdocs-jupyter marked the notebooks as
pages, so they would be copied raw, silently, and the language menu of a notebook page
would point to the other language's home. Wrap them again as notebook pages, keeping the
localized destination static-i18n computed (notebooks/<page>.zh.ipynb → zh/notebooks/<page>/),
and give each its twin in the other language. Also keep mkdocs-jupyter's conversion cache
(.cache/mkdocs-jupyter) across the two language builds: each build starts a fresh list of
used entries and evicts the rest, so every build would convert every notebook again.
"""

from pathlib import Path
from types import SimpleNamespace

from mkdocs.plugins import event_priority
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


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    """A notebook repeats its chapter page: keep it out of the search index, so results lead
    to the chapter (and the index stays small: a rendered notebook is ~0.6 MB of HTML), and
    without a table of contents whose links would not match its headings."""
    if isinstance(page.file, NotebookFile):
        page.meta["search"] = {"exclude": True}
        # its table of contents: mkdocs-jupyter's slugs differ from nbconvert's heading ids
        # (Chinese headings get `_1`, `_2`), so the links would go nowhere; the chapter has one
        page.meta["hide"] = ["toc"]
    return context
