// Courseware: progressive enhancements for every page. Pages are complete without this file.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;

  function $(selector, scope) { return (scope || doc).querySelector(selector); }
  function $$(selector, scope) { return Array.prototype.slice.call((scope || doc).querySelectorAll(selector)); }

  // A live region for short announcements ("Copied", "Lesson complete").
  var announcer = doc.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  doc.body.appendChild(announcer);
  function announce(text) {
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // Storage that never throws: private modes and blocked cookies just lose persistence.
  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { localStorage.setItem(key, value); return true; } catch (e) { return false; } },
    remove: function (key) { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  };

  // Theme: auto → light → dark → auto, remembered.
  var toggle = $(".theme-toggle");
  if (toggle) {
    var themes = ["auto", "light", "dark"];
    var labels = { auto: "Auto", light: "Light", dark: "Dark" };
    var showTheme = function () {
      var theme = root.dataset.theme || "auto";
      toggle.querySelector(".theme-toggle-label").textContent = labels[theme];
      toggle.setAttribute("aria-label", "Colour theme: " + labels[theme] + ". Change theme");
    };
    toggle.hidden = false;
    showTheme();
    toggle.addEventListener("click", function () {
      var next = themes[(themes.indexOf(root.dataset.theme || "auto") + 1) % themes.length];
      if (next === "auto") { delete root.dataset.theme; store.remove("courseware:theme"); }
      else { root.dataset.theme = next; store.set("courseware:theme", next); }
      showTheme();
      announce("Theme: " + labels[next]);
    });
  }

  // Sidebar drawer on small screens; the "Menu" link jumps to the sidebar without JS.
  var menu = $(".menu-link");
  var sidebar = $("#sidebar");
  if (menu && sidebar) {
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "menu-link menu-button";
    button.textContent = menu.textContent;
    button.setAttribute("aria-controls", "sidebar");
    button.setAttribute("aria-expanded", "false");
    menu.replaceWith(button);
    var setOpen = function (open) {
      sidebar.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", String(open));
      if (open) { var first = $("a", sidebar); if (first) first.focus(); }
    };
    button.addEventListener("click", function () { setOpen(!sidebar.classList.contains("is-open")); });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sidebar.classList.contains("is-open")) { setOpen(false); button.focus(); }
    });
    doc.addEventListener("click", function (event) {
      if (sidebar.classList.contains("is-open") && !sidebar.contains(event.target) && event.target !== button) setOpen(false);
    });
  }

  // Copy buttons on code blocks.
  $$(".highlight").forEach(function (block) {
    var code = $("pre code", block) || $("pre", block);
    if (!code || !navigator.clipboard) return;
    var copy = doc.createElement("button");
    copy.type = "button";
    copy.className = "copy-button";
    copy.textContent = "Copy";
    copy.setAttribute("aria-label", "Copy code to clipboard");
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(function () {
        copy.textContent = "Copied";
        announce("Code copied to clipboard");
        setTimeout(function () { copy.textContent = "Copy"; }, 2000);
      }, function () { announce("Could not copy the code"); });
    });
    block.appendChild(copy);
  });

  // Keyboard shortcuts, ignored while typing: "/" search, "n"/"p" or arrows next/previous.
  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .editor");
  }
  doc.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var link = null;
    if (event.key === "/") {
      var search = $("#search-input");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (event.key === "n" || (event.key === "ArrowRight" && event.shiftKey)) link = $("a[rel=next]");
    if (event.key === "p" || (event.key === "ArrowLeft" && event.shiftKey)) link = $("a[rel=prev]");
    if (link) { event.preventDefault(); link.click(); }
  });

  window.courseware = { $: $, $$: $$, store: store, announce: announce };
})();
