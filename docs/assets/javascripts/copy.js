// The copy button copies exactly the program: no code-annotation markers (`# (1)!`) and no
// trailing whitespace. Material reads the text to copy from `data-copy`. A block's
// annotations are set up only when it scrolls into view (content.lazy), so the markers are
// removed here both as Material's annotation elements and as the plain comments they start as.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".highlight pre > code")) {
    const clean = code.cloneNode(true);
    clean.querySelectorAll(".md-annotation").forEach((a) => a.remove());
    code.dataset.copy = clean.textContent.replace(/[ \t]*# \(\d+\)!$/gm, "").replace(/[ \t]+$/gm, "").trimEnd();
  }
});
