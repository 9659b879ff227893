// Courseware: the language menu (a <details>, which works without this file) closes on Escape
// and on a click elsewhere. Linked only by the pages of a course in more than one language.
(function () {
  "use strict";
  var doc = document;
  Array.prototype.forEach.call(doc.querySelectorAll(".language-menu"), function (details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) { event.preventDefault(); details.open = false; details.querySelector("summary").focus(); }
    });
    doc.addEventListener("click", function (event) { if (details.open && !details.contains(event.target)) details.open = false; });
  });
})();
