"""Two guards around mkdocs-static-i18n, which this site relies on for its two languages.

1. A missing translation fails the build. static-i18n falls back to the English page
   without a word (and needs that fallback to serve shared images to /zh/), so every
   `page.md` must have its `page.zh.md`, and the reverse.
2. Material's instant navigation works with the language menu. static-i18n warns (and
   --strict aborts) because Material does not re-render the header's language menu on
   instant navigation; docs/assets/javascripts/i18n.js resolves the other
   language's page at click time instead (keeping the #section), and the browser tests
   prove the round trip. Exactly that one warning is dropped; any other still fails.
"""

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

INSTANT_NAVIGATION_WARNING = "language switcher contextual link is not compatible with theme.features = navigation.instant"


class _DropInstantNavigationWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return INSTANT_NAVIGATION_WARNING not in record.getMessage()


logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(_DropInstantNavigationWarning())


def _twin(src_uri: str) -> str:
    if src_uri.endswith(".zh.md"):
        return src_uri.removesuffix(".zh.md") + ".md"
    return src_uri.removesuffix(".md") + ".zh.md"


@event_priority(100)  # before static-i18n rewrites the file list
def on_files(files, config):
    pages = {f.src_uri for f in files if f.src_uri.endswith(".md")}
    missing = sorted(_twin(page) for page in pages if _twin(page) not in pages)
    if missing:
        raise PluginError("missing translation: add " + ", ".join(f"docs/{m}" for m in missing))


# jieba (the Chinese word segmenter behind the search index) logs its start-up on every build.
logging.getLogger("jieba").setLevel(logging.WARNING)


@event_priority(-50)  # after static-i18n's on_page_context (50) set the language menu's links
def on_page_context(context, page, config, nav):
    """The language menu links every page to its twin relative to the page, except the two
    home pages, which static-i18n links by site_url's path (/modules-and-parameters/zh/): a
    fork, a custom domain or a local server in site/ would get a 404 there. Link those by the
    twin's URL too; Material's `url` filter makes it relative."""
    for alternate in getattr(config.extra, "alternate", None) or []:  # the attribute static-i18n sets, which the theme reads
        twin = getattr(page.file, "alternates", {}).get(alternate["lang"])
        if twin is not None:
            alternate["link"] = twin.url or "."
    return context

# Terms jieba would split (参数化 → 参数 / 化): kept whole in the search index, so a search for
# the term finds the section that is about it rather than every section that mentions 参数.
try:
    import jieba

    for word in ("参数化",):
        jieba.add_word(word)
except ImportError:  # without jieba the search plugin indexes Chinese without segmentation
    pass
