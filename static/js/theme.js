// Runs before the page is painted: apply the saved colour theme and mark that JS is on.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("courseware:theme");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  } catch (e) { /* storage may be unavailable: follow the OS */ }
})();
