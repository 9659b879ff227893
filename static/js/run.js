// Run buttons on the examples and Check buttons on the exercises, for a course built with the
// playground (base.html loads this file only then): the playground itself (Python in the
// browser, playground.js) loads on the first press.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var cw = window.courseware;
  var $$ = cw.$$, t = cw.t;

  function runButton() {
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "run-button";
    button.textContent = t("play.runit", "Run");
    button.setAttribute("aria-label", t("play.runlabel", "Run this example in the browser"));
    return button;
  }

  // Opened from disk (an offline copy) the browser refuses to start Python's worker and to
  // read its files: the Run buttons say what they need instead of failing.
  if (location.protocol === "file:") {
    $$(".highlight[data-example]").forEach(function (block) {
      var button = runButton();
      button.setAttribute("aria-expanded", "false");
      var note = doc.createElement("p");
      note.className = "run-needs-server";
      note.hidden = true;
      note.textContent = t("play.needserver", "Running examples needs the course served by a web server, not opened from disk: in the course's folder run python3 -m http.server 8000, then open http://localhost:8000/.");
      button.addEventListener("click", function () {
        note.hidden = !note.hidden;
        button.setAttribute("aria-expanded", String(!note.hidden));
      });
      block.appendChild(button);
      block.after(note);
    });
  } else if ("Worker" in window) {
    var playground = null;
    var loadPlayground = function () {
      if (!playground) {
        cw.stylesheet(html.dataset.playgroundCss);
        playground = cw.script(html.dataset.playgroundScript, "coursewarePlayground");
      }
      return playground;
    };
    $$(".highlight[data-example]").forEach(function (block) {
      var button = runButton();
      button.addEventListener("click", function () {
        loadPlayground().then(function (api) { api.open(block).run(); });
      });
      block.appendChild(button);
    });
    // Each check has its own id (two exercises may check the same example): a lesson is
    // complete once each has passed too (site.js)
    $$(".exercise-check").forEach(function (box, index) {
      box.dataset.check = "check-" + (index + 1);
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button check-button";
      button.textContent = t("play.check", "Check my code");
      button.addEventListener("click", function () { loadPlayground().then(function (api) { api.check(box); }); });
      box.after(button);
    });
  }
})();
