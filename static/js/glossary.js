// Courseware: a glossary term shows its definition in a popover on hover, focus and a first
// tap. Linked only by the pages that use a term (their definitions come with the page, in a
// <template>); without JavaScript the link leads to the glossary. The first hover, focus or
// tap loads overlays.js (through site.js), which shows the popovers; until then a tap on a
// touch screen waits for it instead of following the link.
(function () {
  "use strict";
  var cw = window.courseware;
  var doc = document;
  var definitions = doc.getElementById("glossary-definitions");
  if (!cw || !definitions) return;
  var term = null, touched = false, tapped = false, firstUse = ["mouseover", "focusin", "pointerdown", "click"];
  var onFirstUse = function (event) {
    var link = event.target.closest && event.target.closest("a.glossary-link");
    if (!link) return;
    if (event.type === "pointerdown") touched = event.pointerType === "touch";
    else if (event.type === "click") {
      if (!touched) return;  // with a mouse or the keyboard the link is followed
      event.preventDefault();
      tapped = true;
    }
    var first = !term;
    term = link;
    if (first) cw.overlays(function (more) { stop(); more.glossary(definitions).start(term, touched, tapped); }, stop);
  };
  var stop = function () {  // the terms are plain links again (once overlays.js is there, or not)
    firstUse.forEach(function (type) { doc.removeEventListener(type, onFirstUse); });
  };
  firstUse.forEach(function (type) { doc.addEventListener(type, onFirstUse); });
})();
