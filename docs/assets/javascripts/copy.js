// The copy button copies exactly the program: Material drops a `# (1)!` annotation marker
// but keeps the spaces before it, so set the text to copy (Material reads `data-copy`)
// without annotations and without trailing whitespace.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".highlight pre > code")) {
    const clean = code.cloneNode(true);
    clean.querySelectorAll(".md-annotation").forEach((a) => a.remove());
    code.dataset.copy = clean.textContent.replace(/[ \t]+$/gm, "").trimEnd();
  }
});
