// Switching language keeps the page and the section (#anchor), also after instant navigation.
// Material re-renders the page on instant navigation but not the header's language menu, so
// the other language's page is worked out from this page's URL at click time: every page has
// its twin at the same path, under zh/ for Chinese (mkdocs-static-i18n's layout). It is loaded
// fully: the other language has its own interface strings and search entries.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  const root = new URL(__md_scope).pathname; // __md_scope: Material's site root URL
  const path = location.pathname.startsWith(root) ? location.pathname.slice(root.length) : "";
  const page = path.replace(/^zh(\/|$)/, "");
  event.preventDefault();
  event.stopImmediatePropagation();
  location.assign(root + (link.hreflang === "zh" ? "zh/" : "") + page + location.hash);
}, true);
