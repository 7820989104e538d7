"""Close every chapter page with where its outputs come from and its notebook, and put the
same stamp, for the whole site, where the home page says `<!-- verified-with -->`.

The stamp is snippets/verified-with.json, written by the test run that wrote the outputs
(`make outputs`) and checked by every test run, so it cannot drift from the outputs; it names
the locked environment (a digest of lock/requirements.txt) the outputs were produced in. The torch
matrix next to it comes from snippets/compat.json (`make compat`), checked by tests/test_compat.py.
"""

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

WORDS = {
    "en": ("Outputs on this page were produced and verified with torch {torch} on {devices} (Python {python}, locked environment {lock}).",
           "This page as a Jupyter notebook: [view](notebooks/{page}.ipynb) · <a href=\"{download}\" download>download</a>"),
    "zh": ("本页输出由 torch {torch} 在 {devices} 上运行生成并验证（Python {python}，锁定环境 {lock}）。",
           "本页的 Jupyter Notebook 版本：[在线查看](notebooks/{page}.ipynb) · <a href=\"{download}\" download>下载</a>"),
}


SITE_WORDS = {
    "en": "Every output on this site was produced and verified with torch {torch} on {devices} (Python {python}, locked environment {lock}).",
    "zh": "本站所有输出均由 torch {torch} 在 {devices} 上运行生成并验证（Python {python}，锁定环境 {lock}）。",
}
# the torch matrix of snippets/compat.json (`make compat`), on the home page and on every chapter
MATRIX_WORDS = {
    "en": ("Every example, claim test and cheatsheet line also ran on torch {builds}; "
           "the line under each example says where its output differs.",
           "Also run on torch {versions}: the line under each example says where the output differs."),
    "zh": ("每个示例、断言测试和速查表条目还在 torch {builds}上运行过；"
           "每个示例下方的一行小字说明它在哪些版本上输出不同。",
           "本页示例也在 torch {versions} 上运行过：每个示例下方的一行小字说明输出在哪些版本上不同。"),
}
BUILD_WORDS = {"zh": {" wheel, no GPU": " 版 wheel，无 GPU", " wheel": " 版 wheel"}}
MARKER = "<!-- verified-with -->"


def _stamp(config) -> dict:
    path = Path(config.config_file_path).parent / "snippets" / "verified-with.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PluginError(f"{path} is missing: run `make outputs`") from None


def _fields(stamp) -> dict:
    # lock: the first 12 hex digits of lock/requirements.txt's SHA-256 (tests/test_lock.py)
    return {"torch": stamp["torch"], "python": stamp["python"], "devices": ", ".join(stamp["devices"]), "lock": stamp["lock"]}


def _matrix(config, lang: str) -> tuple[str, str]:
    """(the matrix with each version's wheel, for the home page; the versions, for a chapter)"""
    path = Path(config.config_file_path).parent / "snippets" / "compat.json"
    try:
        versions = json.loads(path.read_text(encoding="utf-8"))["versions"]
    except FileNotFoundError:
        raise PluginError(f"{path} is missing: run `make compat`") from None

    def build(text: str) -> str:
        words = BUILD_WORDS.get(lang, {})
        return re.sub("|".join(map(re.escape, words)), lambda m: words[m.group(0)], text) if words else text

    sep = "、" if lang == "zh" else ", "
    builds = sep.join(f"{v['torch'].split('+')[0]} ({build(v['build'])})" if lang == "en" else f"{v['torch'].split('+')[0]}（{build(v['build'])}）" for v in versions.values())
    short = " · ".join(".".join(v.split(".")[:2]) for v in versions)
    home, chapter = MATRIX_WORDS[lang]
    return home.format(builds=builds), chapter.format(versions=short)


def _is_home(page) -> bool:
    return page.file.src_uri.split(".")[0] == "index"  # index.md, index.zh.md


def _site_stamp(markdown, page, config):
    if _is_home(page) and MARKER not in markdown:
        raise PluginError(f"docs/{page.file.src_uri} must show the stamp: put {MARKER} where it goes")
    stamp = _stamp(config)
    words = SITE_WORDS[config.theme["language"]].format(**_fields(stamp))
    words += ("" if config.theme["language"] == "zh" else " ") + _matrix(config, config.theme["language"])[0]  # no space after 。
    return markdown.replace(MARKER, f'<div class="verified-with" markdown>\n\n{words}\n\n</div>')


def on_page_markdown(markdown, page, config, files):
    if MARKER in markdown or _is_home(page):
        markdown = _site_stamp(markdown, page, config)
    if '--8<-- "snippets/' not in markdown:
        return markdown
    stamp, lang = _stamp(config), config.theme["language"]
    verified, notebook = WORDS[lang]
    name = Path(page.file.src_uri).name.split(".")[0]
    notebook_src = f"notebooks/{name}.ipynb" if lang == "en" else f"notebooks/{name}.{lang}.ipynb"
    notebook_page = files.get_file_from_path(notebook_src)
    if notebook_page is None:
        raise PluginError(f"docs/{notebook_src} is missing: run `make outputs`")
    download = get_relative_url(notebook_page.url + notebook_src.split("/")[-1], page.url)
    lines = [verified.format(**_fields(stamp)), _matrix(config, lang)[1], notebook.format(page=name, download=download)]
    return markdown.rstrip() + '\n\n---\n\n<div class="verified-with" markdown>\n\n' + "  \n".join(lines) + "\n\n</div>\n"
