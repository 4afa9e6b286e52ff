// Typeset math with the KaTeX copy this site serves (loaded only on pages with math).
// Chapter pages: pymdownx.arithmatex (generic) wraps formulas as \( \) and \[ \] in
// .arithmatex elements. Lab pages: notebook Markdown cells keep $ and $$.
(function () {
  function typeset() {
    var options = {
      delimiters: [
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    };
    document.querySelectorAll(".arithmatex").forEach(function (el) {
      renderMathInElement(el, options);
    });
    var notebook = {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
      throwOnError: false,
    };
    document.querySelectorAll(".jp-RenderedMarkdown").forEach(function (el) {
      renderMathInElement(el, notebook);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
