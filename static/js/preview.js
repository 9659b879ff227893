// Preview only: reload the tab when a lesson file changes (the server polls the files).
(function () {
  var root = document.documentElement.dataset.root || "/";
  var url = root + "_preview/state";
  // The lessons this page was made from: a save made before the first poll still reloads it.
  var known = document.currentScript ? document.currentScript.dataset.fingerprint || null : null;
  function check() {
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (known !== null && state.fingerprint !== known) location.reload();
        known = state.fingerprint;
      })
      .catch(function () { /* server restarting: try again */ })
      .finally(function () { setTimeout(check, 800); });
  }
  check();
})();
