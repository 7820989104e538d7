// Names for screen readers where Material's markup has none (checked by axe-core in the
// browser tests): the search dialog, the numbered code-annotation markers, and the per-block
// code toolbar, which Material renders as one more <nav> landmark for every code block.
(() => {
  const zh = document.documentElement.lang === "zh";
  document.querySelector(".md-search[role=dialog]")?.setAttribute("aria-label", zh ? "搜索" : "Search");
  document$.subscribe(() => {
    for (const marker of document.querySelectorAll(".md-annotation__index")) {
      const number = marker.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId;
      marker.setAttribute("aria-label", zh ? `注释 ${number}` : `Annotation ${number}`);
    }
    for (const nav of document.querySelectorAll("nav.md-code__nav")) nav.setAttribute("role", "none");
  });
})();
