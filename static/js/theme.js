// Runs before the page is painted: apply the saved colour theme, mark that JS is on, and mark
// whether this browser holds progress in the course (the home page keeps room for "Continue").
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("courseware:theme");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    var progress = JSON.parse(localStorage.getItem("courseware:v1:" + (root.dataset.course || "course")) || "null");
    if (progress && (progress.last || Object.keys(progress.lessons || {}).length)) root.classList.add("has-progress");
  } catch (e) { /* storage may be unavailable: follow the OS, no progress */ }
})();
