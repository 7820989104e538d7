// Switching language keeps the page and the section (#anchor), also after instant navigation.
// Material re-renders <head> on instant navigation (its <link rel="alternate" hreflang> point at
// this page's twin) but not the header's language menu, so read the target from <head> and load
// it fully: the other language has its own search index and interface strings.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  const twin = document.head.querySelector(`link[rel="alternate"][hreflang="${link.hreflang}"]`);
  if (!twin) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  location.assign(twin.href.split("#")[0] + location.hash);
}, true);
