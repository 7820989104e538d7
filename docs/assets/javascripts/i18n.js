// Two behaviours that keep a reader in their language and place.

// 1. Switching language keeps the page and the section (#anchor), also after instant
// navigation. Material re-renders <head> on instant navigation (its <link rel="alternate"
// hreflang> point at this page's twin) but not the header's language menu, so read the
// target from <head> and load it fully: the other language has its own interface strings.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  const twin = document.head.querySelector(`link[rel="alternate"][hreflang="${link.hreflang}"]`);
  if (!twin) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  location.assign(twin.href.split("#")[0] + location.hash);
}, true);

// 2. Search results in the page's language come first. Both languages share one search
// index (mkdocs-static-i18n), so an English term typed on a Chinese page also matches the
// English pages; move those after the Chinese ones, keeping each group's order.
(() => {
  const zhRoot = new URL("zh/", __md_scope).pathname; // __md_scope: Material's site root URL
  const isChinese = (item) => new URL(item.querySelector("a").href).pathname.startsWith(zhRoot);
  const isForeign = (item) => isChinese(item) !== (document.documentElement.lang === "zh");
  const reorder = (list) => {
    const items = [...list.children];
    const first = items.findIndex(isForeign);
    if (first < 0 || items.slice(first).every(isForeign)) return; // already in order
    items.filter(isForeign).forEach((item) => list.appendChild(item));
  };
  new MutationObserver(() => {
    const list = document.querySelector(".md-search-result__list");
    if (list && !list.dataset.languageFirst) {
      list.dataset.languageFirst = "yes";
      new MutationObserver(() => reorder(list)).observe(list, { childList: true });
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
