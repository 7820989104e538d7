"""Every link in the built site leads somewhere: each href/src of every HTML page, including
the notebook pages that MkDocs' own link validation never sees, names a file of the site, and
each #fragment an id (or name) on the page it points to.

A small checker over the files rather than linkinator: it runs inside pytest with no Node and
no server, sees the ids exactly as built, and reads the whole site (~100 pages) in a second."""

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        if attrs.get(LINKING.get(tag, "")):
            self.links.append(attrs[LINKING[tag]])


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, site_url: str) -> list[str]:
    """'page → link (why)' for every link that leads nowhere; links to other hosts are not followed.
    Links are relative (a fork, a custom domain, a local server work alike), except in 404.html,
    which is served at any missing path and works out its links itself."""
    _parse.cache_clear()
    base = "http://site.invalid" + urlsplit(site_url).path  # the site as if served under its path
    broken = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        page_url = urljoin(base, rel.removesuffix("index.html"))
        for link in _parse(html).links:
            if link.startswith("/") and not link.startswith("//") and rel != "404.html":
                broken.append(f"{rel} → {link} (absolute path: a 404 wherever the site is served under another path)")
                continue
            if link.startswith(site_url):
                link = base + link.removeprefix(site_url)
            target = urlsplit(urljoin(page_url, link))
            if target.scheme not in ("http", "https") or target.netloc != "site.invalid":
                continue  # mailto:, data:, javascript:, another host
            path = unquote(target.path)
            if not path.startswith(urlsplit(base).path):
                broken.append(f"{rel} → {link} (outside the site)")
                continue
            file = site / path.removeprefix(urlsplit(base).path)
            if file.is_dir() or path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{rel} → {link} (no such file)")
            elif target.fragment and file.suffix == ".html" and unquote(target.fragment) not in _parse(file).ids:
                broken.append(f"{rel} → {link} (no #{unquote(target.fragment)} there)")
    return broken
