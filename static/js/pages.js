// Courseware: progress on the course home and chapter pages (percentages, "continue where you
// left off") and the progress panel: export to a file, import (validated whole, then merged
// and saved whole or not at all), reset.
(function () {
  "use strict";
  var cw = window.courseware;
  if (!cw) return;
  var $ = cw.$, $$ = cw.$$, t = cw.t, isDone = cw.isDone;
  var html = document.documentElement;

  cw.onProgress(function () {
    $$("[data-chapter-keys]").forEach(function (node) {
      var keys = node.dataset.chapterKeys.split(" ");
      var done = keys.filter(isDone).length;
      var label = $(".chapter-progress", node) || node;
      label.hidden = false;
      if (label.closest("summary")) {  // a chapter on the home page: "6 lessons · 2 done"
        label.textContent = done ? " · " + done + " " + t("progress.chapter", "done") : "";
        return;
      }
      label.textContent = done + " / " + keys.length + " " + t("progress.done", "lessons done") + " · " + Math.round(100 * done / keys.length) + "%";
    });
    var items = $$(".lesson-item[data-key]");
    items.forEach(function (node) { node.classList.toggle("is-done", isDone(node.dataset.key)); });
    var count = items.filter(function (n) { return isDone(n.dataset.key); }).length;
    var summary = $(".progress-summary");
    if (summary) {
      summary.textContent = t("progress.summary", "You have completed") + " " + count + " / " + items.length + ".";
      var bar = $(".progress-bar-done");
      if (bar) bar.style.inlineSize = (items.length ? 100 * count / items.length : 0) + "%";
    }
    var last = cw.progress().last;
    var started = !!(last || count);
    html.classList.toggle("has-progress", started);
    var cont = $(".continue-link");
    if (cont && started) {
      var keys = items.map(function (n) { return n.dataset.key; });
      var index = keys.indexOf(last);
      if (index < 0 || isDone(last)) {  // the next lesson not done yet, after the last one read
        for (var i = index + 1; i < items.length && isDone(keys[i]); i++) { /* skip done */ }
        index = i < items.length ? i : Math.max(index, 0);
      }
      var target = $(".lesson-item-link", items[index]);
      if (target) {
        cont.href = target.href;
        $(".continue-title", cont).textContent = target.textContent;
        var lang = target.getAttribute("lang");
        if (lang) $(".continue-title", cont).setAttribute("lang", lang);
        else $(".continue-title", cont).removeAttribute("lang");
      }
    }
  });

  // ---- Importing a progress file: every part checked before anything changes ---------------
  var MAX_IMPORT_BYTES = 2 * 1024 * 1024;
  var MAX_LESSONS = 5000;
  // The progress panel on the course home: export, import, reset.
  var panel = $(".progress-panel");
  if (panel) {
    panel.hidden = false;
    var message = $(".progress-message", panel);
    var say = function (text) { message.textContent = text; };
    $(".progress-export", panel).addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(cw.progress(), null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = (html.dataset.course || "course") + "-progress.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      say(t("progress.exported", "Your progress was saved to a file."));
    });
    $(".progress-import", panel).addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      if (file.size > MAX_IMPORT_BYTES) {
        say(t("progress.big", "That file is too big to be a progress file; nothing was changed."));
        return;
      }
      file.text().then(function (text) {
        var data = JSON.parse(text), shared = cw.progressFile;
        if (!shared || !shared.validate(data)) throw new Error("not ours");
        // Merged into a copy: the progress changes whole, once it is saved, or not at all.
        var merged = shared.merge(cw.progress(), data);
        var count = Object.keys(data.lessons).length;
        if (Object.keys(merged.lessons).length > MAX_LESSONS) throw new Error("too many");
        if (!cw.setProgress(merged)) {
          say(t("progress.unsaved", "This browser did not let the course save your progress; nothing was changed."));
          return;
        }
        say(t("progress.imported", "Progress imported: {count} lessons completed in the file.").split("{count}").join(count));
      }).catch(function () {
        say(t("progress.bad", "That file is not a progress file of this course; nothing was changed."));
      });
    });
    $(".progress-reset", panel).addEventListener("click", function () {
      if (!window.confirm(t("progress.confirm", "Forget which lessons you completed? This cannot be undone."))) return;
      if (cw.setProgress(cw.emptyProgress())) say(t("progress.cleared", "Your progress was reset."));
      else say(t("progress.unsaved", "This browser did not let the course save your progress; nothing was changed."));
    });
  }

})();
