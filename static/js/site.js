// Courseware: progressive enhancements for every page. Pages are complete without this file.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;

  function $(selector, scope) { return (scope || doc).querySelector(selector); }
  function $$(selector, scope) { return Array.prototype.slice.call((scope || doc).querySelectorAll(selector)); }
  var messages = {};
  try { messages = JSON.parse(doc.body.dataset.messages || "{}"); } catch (e) { /* English then */ }
  function t(key, fallback) { return messages[key] || fallback; }

  // A live region for short announcements ("Copied", "Lesson complete").
  var announcer = doc.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  doc.body.appendChild(announcer);
  function announce(text) {
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // Storage that never throws: private modes and blocked storage only lose persistence.
  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { localStorage.setItem(key, value); return true; } catch (e) { return false; } },
    remove: function (key) { try { localStorage.removeItem(key); return true; } catch (e) { return false; } }
  };

  // ---- Theme: auto → light → dark → auto, remembered ------------------------------------
  // An icon button: its name says the current theme and what pressing it does.
  var toggle = $(".theme-toggle");
  if (toggle) {
    var themes = ["auto", "light", "dark"];
    var names = {
      auto: t("theme.now.auto", "Colour theme: as the device. Switch to light"),
      light: t("theme.now.light", "Colour theme: light. Switch to dark"),
      dark: t("theme.now.dark", "Colour theme: dark. Switch to as the device")
    };
    var showTheme = function () {
      var name = names[html.dataset.theme || "auto"];
      toggle.setAttribute("aria-label", name);
      toggle.title = name;
    };
    showTheme();
    toggle.addEventListener("click", function () {
      var next = themes[(themes.indexOf(html.dataset.theme || "auto") + 1) % themes.length];
      if (next === "auto") { delete html.dataset.theme; store.remove("courseware:theme"); }
      else { html.dataset.theme = next; store.set("courseware:theme", next); }
      showTheme();
    });
  }

  // ---- Overlays: the drawer, the search screen's focus trap and the glossary popovers -----
  // overlays.js and overlays.css load on the first use of one of them; until then the page
  // carries only what opens them.
  // Once they are loaded, ``use`` runs at once (so a focus follows in the same event).
  var overlays = null, loaded = null;
  function withOverlays(use, failed) {
    if (typeof use !== "function") use = null;  // as a listener: only load
    if (loaded) { if (use) use(loaded); return; }
    if (!overlays) {
      overlays = Promise.all([
        script(html.dataset.overlaysScript, "coursewareOverlays"),
        stylesheet(html.dataset.overlaysCss)
      ]).then(function (both) { return (loaded = both[0]); });
    }
    overlays.then(use, function () {
      overlays = null;  // not loaded: the next use tries again
      if (failed) failed();
    });
  }

  // ---- Sidebar drawer on small screens (the "Menu" link jumps to it without JS) --------
  var menu = $(".menu-link"), sidebar = $("#sidebar");
  var narrow = window.matchMedia("(max-width: 50rem)");
  if (menu && sidebar) {
    var button = doc.createElement("button");
    button.type = "button";
    button.className = menu.className;
    button.innerHTML = menu.innerHTML;  // the page's own icon and label
    button.setAttribute("aria-controls", "sidebar");
    button.setAttribute("aria-expanded", "false");
    menu.replaceWith(button);
    button.addEventListener("pointerdown", withOverlays);  // a head start on the click
    button.addEventListener("click", function () {
      withOverlays(function (more) { more.drawer(button, sidebar).toggle(); });
    });
  }

  // ---- Search on phones: the icon opens the search box over the whole screen ------------
  // Opened and closed here, so the phone's keyboard comes up with the tap; overlays.js keeps
  // focus inside, and closes it on Escape or when the window grows wider than a phone.
  var header = $(".site-header");
  var searchForm = $("#site-search"), searchOpen = $(".search-open");
  if (header && searchForm && searchOpen) {
    searchOpen.setAttribute("role", "button");
    searchOpen.setAttribute("aria-expanded", "false");
    var setSearching = function (open) {
      header.classList.toggle("is-searching", open);
      searchOpen.setAttribute("aria-expanded", String(open));
      withOverlays(function (more) { more.searchScreen(searchForm, setSearching); });
      (open ? $("#search-input") : searchOpen).focus();
    };
    searchOpen.addEventListener("pointerdown", withOverlays);
    searchOpen.addEventListener("click", function (event) {
      if (narrow.matches) { event.preventDefault(); setSearching(true); }
    });
    searchOpen.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); searchOpen.click(); }
    });
    $(".search-close", searchForm).addEventListener("click", function () { setSearching(false); });
  }

  // ---- The header shows the page's title once it has scrolled away ---------------------
  var title = $("main h1");
  var brand = $(".brand");
  if (title && brand && header && !$(".hero")) {
    var shown = doc.createElement("span");
    shown.className = "brand-page";
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = title.textContent.trim();
    brand.appendChild(shown);
    new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      header.classList.toggle("is-scrolled", !entry.isIntersecting && entry.boundingClientRect.top < 0);
    }, { rootMargin: "-56px 0px 0px 0px" }).observe(title);
  }

  // ---- Copy buttons on code blocks ------------------------------------------------------
  $$(".highlight").forEach(function (block) {
    var code = $("pre code", block) || $("pre", block);
    if (!code || !navigator.clipboard) return;
    var copy = doc.createElement("button");
    copy.type = "button";
    copy.className = "copy-button";
    copy.textContent = t("copy", "Copy");
    copy.setAttribute("aria-label", t("copy.label", "Copy code to clipboard"));
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(function () {
        copy.textContent = t("copied", "Copied");
        announce(t("copied.label", "Code copied to clipboard"));
        setTimeout(function () { copy.textContent = t("copy", "Copy"); }, 2000);
      }, function () { announce(t("copy.failed", "Could not copy the code")); });
    });
    block.appendChild(copy);
  });

  // Headings get a link to themselves (a "permalink"), to share a section.
  $$(".prose h2[id], .prose h3[id], .prose h4[id]").forEach(function (heading) {
    var link = doc.createElement("a");
    link.className = "headerlink";
    link.href = "#" + heading.id;
    link.textContent = "#";
    link.setAttribute("aria-label", t("section.link", "Link to this section"));
    heading.appendChild(link);
  });

  // Code and tables that scroll sideways must be reachable with the keyboard.
  function focusableScrollers() {
    $$(".highlight pre, .prose table").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", box.tagName === "PRE" ? t("code", "Code") : t("table", "Table"));
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", function () { clearTimeout(focusableScrollers.timer); focusableScrollers.timer = setTimeout(focusableScrollers, 200); });

  // ---- Progress, kept in this browser under a versioned key per course ------------------
  var KEY = "courseware:v1:" + (html.dataset.course || "course");
  function emptyProgress() { return { version: 1, course: html.dataset.course || "", lessons: {}, quizzes: {}, last: null }; }
  function loadProgress() {
    try {
      var data = JSON.parse(store.get(KEY) || "null");
      if (data && data.version === 1 && data.lessons) return data;
    } catch (e) { /* unreadable: start again */ }
    return emptyProgress();
  }
  var progress = loadProgress();
  var saved = true;
  function save() {
    saved = store.set(KEY, JSON.stringify(progress));
    var warning = $(".progress-storage");
    if (warning) warning.hidden = saved;
  }
  function isDone(key) { return !!(progress.lessons[key] && progress.lessons[key].done); }
  function setDone(key, done) {
    progress.lessons[key] = { done: done, updated: Date.now() };
    save();
    showProgress();
  }

  var listeners = [];  // pages.js adds the ticks of lesson lists, chapter percentages and the progress panel
  function showProgress() {
    // A sidebar link's key is the last two folders of its address ("chapter/lesson/"),
    // the same in every language and in the instructor view.
    $$("#sidebar ol ol a").forEach(function (link) {
      var parts = link.pathname.split("/").filter(function (part) { return part && part !== "index.html"; });
      link.classList.toggle("is-done", isDone(parts.slice(-2).join("/") + "/"));
    });
    var complete = $(".complete-toggle");
    var article = $("article[data-key]");
    if (complete && article) {
      var done = isDone(article.dataset.key);
      complete.setAttribute("aria-pressed", String(done));
      complete.textContent = done ? t("lesson.done", "Completed ✓") : t("lesson.mark", "Mark lesson as complete");
    }
    listeners.forEach(function (listener) { listener(); });
  }

  var lesson = $("article[data-key]");
  if (lesson) {
    progress.last = lesson.dataset.key;
    save();
    var done = $(".lesson-done");
    if (done) {
      done.hidden = false;
      $(".complete-toggle", done).addEventListener("click", function () {
        var now = !isDone(lesson.dataset.key);
        setDone(lesson.dataset.key, now);
        announce(now ? t("lesson.marked", "Lesson marked as complete") : t("lesson.unmarked", "Lesson marked as not complete"));
      });
    }
  }

  // ---- Quizzes: quiz.js shuffles their options for this learner and checks the answers -----
  var quizForms = $$("form.quiz");
  if (quizForms.length) {
    script(html.dataset.quizScript, "coursewareQuiz").then(function (quiz) {
      quizForms.forEach(function (form) { quiz.attach(form); });
    });
  }

  // A lesson is complete once every quiz and every checked exercise on it has passed (run.js
  // numbers the checks where learners can run them: a playground, not a copy from disk).
  function pass(kind, id) {
    if (!lesson) return;
    var store = kind === "quiz" ? "quizzes" : "checks";
    progress[store] = progress[store] || {};
    progress[store][lesson.dataset.key + "#" + id] = true;
    save();
    var items = $$("form.quiz").map(function (f) { return ["quizzes", f.dataset.quiz]; })
      .concat($$(".exercise-check[data-check]").map(function (c) { return ["checks", c.dataset.check]; }));
    var all = items.every(function (item) { return (progress[item[0]] || {})[lesson.dataset.key + "#" + item[1]]; });
    if (all && !isDone(lesson.dataset.key)) {
      setDone(lesson.dataset.key, true);
      announce(t("lesson.auto", "Everything on this page passed: lesson marked as complete."));
    }
  }

  // ---- Exercises: hints one at a time ---------------------------------------------------
  $$(".exercise").forEach(function (exercise) {
    var hints = $$("details.hint", exercise);
    hints.forEach(function (hint, index) {
      if (index > 0) hint.hidden = true;
      hint.addEventListener("toggle", function () {
        if (hint.open && hints[index + 1]) hints[index + 1].hidden = false;
      });
    });
  });

  // ---- Table of contents: mark the section being read -----------------------------------
  var tocLinks = $$(".toc a");
  if (tocLinks.length) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting || !byId[entry.target.id]) return;
        tocLinks.forEach(function (a) { a.removeAttribute("aria-current"); });
        byId[entry.target.id].setAttribute("aria-current", "true");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) { var h = doc.getElementById(id); if (h) observer.observe(h); });
  }

  // ---- Search: loaded on first use -----------------------------------------------------
  var searchLoaded = false;
  function script(src, name) {
    return new Promise(function (resolve, reject) {
      var element = doc.createElement("script");
      element.src = src;
      element.onload = function () { resolve(window[name]); };
      element.onerror = reject;
      doc.head.appendChild(element);
    });
  }
  // A stylesheet, added once: the promise is kept once it applies (or failed to load, when
  // the page goes on without it).
  var sheets = {};
  function stylesheet(href) {
    if (!sheets[href]) {
      sheets[href] = new Promise(function (resolve) {
        if (doc.querySelector('link[href="' + href + '"]')) { resolve(); return; }
        var link = doc.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        link.onload = link.onerror = resolve;
        doc.head.appendChild(link);
      });
    }
    return sheets[href];
  }
  function loadSearch() {
    if (searchLoaded) return;
    searchLoaded = true;
    stylesheet(html.dataset.searchCss);
    script(html.dataset.searchScript, "coursewareSearch").catch(function () {
      // no search.js: an Enter kept waiting submits its form as it would have without JS
      $$("[data-search-box][data-enter-pending]").forEach(function (box) { if (box.form) box.form.submit(); });
    });
  }
  // Enter pressed before search.js has arrived waits for it (it opens the first result).
  function enterBeforeSearch(event) {
    if (event.key !== "Enter" || window.coursewareSearch || !event.target.value.trim()) return;
    event.preventDefault();
    event.target.dataset.enterPending = "1";
  }
  // Every search box (the header's, the search page's, the 404 page's) behaves the same.
  var searchBoxes = $$("[data-search-box]");
  var searchBox = searchBoxes.filter(function (box) { return box.id !== "search-input"; })[0] || searchBoxes[0];
  searchBoxes.forEach(function (box) {
    box.addEventListener("focus", loadSearch);
    box.addEventListener("keydown", enterBeforeSearch);
    if (doc.activeElement === box) loadSearch();
  });
  if ($("#search-results")) loadSearch();
  // A lesson opened from a result (?h=words): search.js, in the cache since that search, marks them
  if (/[?&]h=/.test(location.search)) loadSearch();

  // ---- Keyboard: "/" search, "n"/"p" (or Shift+arrows) next/previous -------------------
  function typing(target) {
    return target.isContentEditable || (target.closest && target.closest("input, textarea, select, .editor"));
  }
  doc.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var link = null;
    if (event.key === "/" && searchBox) {
      event.preventDefault();
      if (searchBox.id === "search-input" && narrow.matches && searchOpen) searchOpen.click();
      else searchBox.focus();
      return;
    }
    if (event.key === "n" || (event.key === "ArrowRight" && event.shiftKey)) link = $("a[rel=next]");
    if (event.key === "p" || (event.key === "ArrowLeft" && event.shiftKey)) link = $("a[rel=prev]");
    if (link) { event.preventDefault(); link.click(); }
  });

  showProgress();
  window.courseware = {
    $: $, $$: $$, t: t, store: store, announce: announce, isDone: isDone, emptyProgress: emptyProgress,
    progress: function () { return progress; },
    // Replace the progress if the browser stores it; returns whether it did (nothing changes
    // otherwise, so an import is never half done or reported done when it was not kept).
    setProgress: function (data) {
      if (!store.set(KEY, JSON.stringify(data))) return false;
      progress = data;
      save();
      showProgress();
      return true;
    },
    onProgress: function (listener) { listeners.push(listener); listener(); },
    pass: pass, script: script, stylesheet: stylesheet, overlays: withOverlays
  };
})();
