// Courseware: progress on the course home and chapter pages (percentages, "continue where you
// left off") and the progress panel: export to a file, import (validated and merged), reset.
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
      label.textContent = done + " / " + keys.length + " " + t("progress.done", "lessons done") + " · " + Math.round(100 * done / keys.length) + "%";
    });
    var items = $$(".lesson-item[data-key]");
    var summary = $(".progress-summary");
    if (summary) {
      var count = items.filter(function (n) { return isDone(n.dataset.key); }).length;
      summary.textContent = t("progress.summary", "You have completed") + " " + count + " / " + items.length + ".";
    }
    var cont = $(".continue-link"), last = cw.progress().last;
    if (cont && last) {
      var index = items.map(function (n) { return n.dataset.key; }).indexOf(last);
      if (index >= 0 && isDone(last)) {
        for (var i = index + 1; i < items.length && isDone(items[i].dataset.key); i++) { /* skip done */ }
        index = i < items.length ? i : index;
      }
      var target = index >= 0 ? $(".lesson-item-link", items[index]) : null;
      if (target) {
        cont.href = target.href;
        cont.textContent = t("continue", "Continue:") + " " + target.textContent;
        cont.hidden = false;
      }
    }
  });

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
      if (!file) return;
      file.text().then(function (text) {
        var data = JSON.parse(text);
        var ok = data && data.version === 1 && data.lessons && typeof data.lessons === "object" &&
          (!data.course || !html.dataset.course || data.course === html.dataset.course);
        if (!ok) throw new Error("not ours");
        var count = 0, progress = cw.progress();
        Object.keys(data.lessons).forEach(function (key) {
          var entry = data.lessons[key];
          if (!/^[a-z0-9-]+\/[a-z0-9-]+\/$/.test(key) || !entry || typeof entry.done !== "boolean") return;
          var mine = progress.lessons[key];
          if (!mine || (entry.done && !mine.done) || (entry.updated || 0) > (mine.updated || 0)) {
            progress.lessons[key] = { done: entry.done || !!(mine && mine.done), updated: Math.max(entry.updated || 0, mine ? mine.updated || 0 : 0) };
          }
          count++;
        });
        Object.keys(data.quizzes || {}).forEach(function (key) { if (data.quizzes[key] === true) progress.quizzes[key] = true; });
        if (!progress.last && typeof data.last === "string") progress.last = data.last;
        cw.setProgress(progress);
        say(t("progress.imported", "Progress imported for this many lessons:") + " " + count + ".");
      }).catch(function () {
        say(t("progress.bad", "That file is not a progress file of this course; nothing was changed."));
      });
      event.target.value = "";
    });
    $(".progress-reset", panel).addEventListener("click", function () {
      if (!window.confirm(t("progress.confirm", "Forget which lessons you completed? This cannot be undone."))) return;
      cw.setProgress(cw.emptyProgress());
      say(t("progress.cleared", "Your progress was reset."));
    });
  }

})();
