// Names for screen readers where Material's markup has none (checked by axe-core in the
// browser tests): the search dialog, the numbered code-annotation markers, and the per-block
// code toolbar, which Material renders as one more <nav> landmark for every code block.
// Material sets up a code block's markers and toolbar when the block scrolls into view
// (content.lazy), so each block is watched for them (childList only: our own attributes do
// not wake the observer). Until then a block is focusable, so that a keyboard can scroll one
// that is wider than the page; once set up, Material keeps that only for the blocks that are.
(() => {
  const zh = document.documentElement.lang === "zh";
  document.querySelector(".md-search[role=dialog]")?.setAttribute("aria-label", zh ? "搜索" : "Search");
  const name = (pre) => {
    for (const marker of pre.querySelectorAll(".md-annotation__index:not([aria-label])")) {
      const number = marker.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId;
      marker.setAttribute("aria-label", zh ? `注释 ${number}` : `Annotation ${number}`);
    }
    for (const nav of pre.querySelectorAll("nav.md-code__nav:not([role])")) nav.setAttribute("role", "none");
  };
  document$.subscribe(() => {
    for (const pre of document.querySelectorAll(".highlight pre")) {
      const code = pre.querySelector(":scope > code");
      if (code && !pre.id.startsWith("__code_")) code.tabIndex = 0;
      name(pre);
      new MutationObserver(() => name(pre)).observe(pre, { childList: true, subtree: true });
    }
  });
})();
