// Preview only: reload the tab when a lesson file changes. The server holds each question
// ("changed since this fingerprint?") open until the lessons differ, so a save shows at once.
(function () {
  var root = document.documentElement.dataset.root || "/";
  var url = root + "_preview/state";
  // The lessons this page was made from: a save made before the first question still reloads it.
  var known = document.currentScript ? document.currentScript.dataset.fingerprint || null : null;
  function check() {
    var failed = false;
    var reloading = false;
    var query = known === null ? "" : "?known=" + encodeURIComponent(known);
    fetch(url + query, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { failed = true; return; }
        if (known !== null && state.fingerprint !== known) {
          // The new page asks from now on: a question from this one would hold the server.
          reloading = true;
          location.reload();
        }
        known = state.fingerprint;
      })
      .catch(function () { failed = true; /* server restarting: try again */ })
      .finally(function () { if (!reloading) setTimeout(check, failed ? 1000 : 50); });
  }
  check();
})();
