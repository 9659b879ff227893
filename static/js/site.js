// Courseware: progressive enhancements for every page. Pages are complete without this file.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var root = html.dataset.root || "/";

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

  // The parts of the page outside an open drawer or full-screen search: made inert while
  // it is open, so focus and screen readers stay inside it.
  function outside(keep) {
    var found = [];
    var node = keep;
    while (node && node !== doc.body) {
      var parent = node.parentElement;
      Array.prototype.forEach.call(parent.children, function (sibling) {
        if (sibling !== node && sibling.tagName !== "SCRIPT") found.push(sibling);
      });
      node = parent;
    }
    return found;
  }
  function setInert(keep, on) {
    outside(keep).forEach(function (node) {
      if (on) node.inert = true; else node.inert = false;
    });
  }

  // Tab from the last control goes back to the first, Shift+Tab from the first to the last.
  function keepFocus(event, box) {
    if (event.key !== "Tab") return;
    var all = $$("a[href], button, input, summary, [tabindex='0']", box).filter(function (node) {
      return node.offsetParent !== null || node === doc.activeElement;
    });
    if (!all.length) return;
    var first = all[0], last = all[all.length - 1];
    if (event.shiftKey && doc.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && doc.activeElement === last) { event.preventDefault(); first.focus(); }
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
    var close = $(".sidebar-close", sidebar);
    var isOpen = function () { return sidebar.classList.contains("is-open"); };
    var setOpen = function (open, returnFocus) {
      if (open === isOpen()) return;
      sidebar.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", String(open));
      setInert(sidebar, open);
      if (open) (close || $("a", sidebar)).focus();
      else if (returnFocus) button.focus();
    };
    button.addEventListener("click", function () { setOpen(!isOpen(), true); });
    if (close) close.addEventListener("click", function () { setOpen(false, true); });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) { event.preventDefault(); setOpen(false, true); }
    });
    sidebar.addEventListener("keydown", function (event) { if (isOpen()) keepFocus(event, sidebar); });
    doc.addEventListener("click", function (event) {
      if (isOpen() && !sidebar.contains(event.target) && !button.contains(event.target)) setOpen(false, false);
    });
    // Wider than a phone the sidebar is no drawer: never leave the page inert.
    narrow.addEventListener("change", function () { if (!narrow.matches) setOpen(false, false); });
  }

  // ---- Search on phones: the icon opens the search box over the whole screen ------------
  var header = $(".site-header");
  var searchForm = $("#site-search"), searchOpen = $(".search-open");
  if (header && searchForm && searchOpen) {
    var searchClose = $(".search-close", searchForm);
    searchOpen.setAttribute("role", "button");
    searchOpen.setAttribute("aria-expanded", "false");
    var setSearching = function (open) {
      header.classList.toggle("is-searching", open);
      searchOpen.setAttribute("aria-expanded", String(open));
      setInert(searchForm, open);
      if (open) $("#search-input").focus();
      else searchOpen.focus();
    };
    searchOpen.addEventListener("click", function (event) {
      if (!narrow.matches) return;
      event.preventDefault();
      setSearching(true);
    });
    searchOpen.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); searchOpen.click(); }
    });
    searchClose.addEventListener("click", function () { setSearching(false); });
    searchForm.addEventListener("keydown", function (event) {
      if (header.classList.contains("is-searching")) keepFocus(event, searchForm);
      // search.js closes its results on the first Escape; the second closes the screen
      if (event.key === "Escape" && header.classList.contains("is-searching") && !event.defaultPrevented) {
        event.preventDefault();
        setSearching(false);
      }
    });
    narrow.addEventListener("change", function () {
      if (!narrow.matches && header.classList.contains("is-searching")) setSearching(false);
    });
  }

  // ---- The header shows the page's title once it has scrolled away ---------------------
  var title = $("main h1");
  var brand = $(".brand");
  if (title && brand && header && "IntersectionObserver" in window && !$(".hero")) {
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

  // ---- Language menu: Escape and a click elsewhere close it ------------------------------
  $$(".language-menu").forEach(function (details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) { event.preventDefault(); details.open = false; $("summary", details).focus(); }
    });
    doc.addEventListener("click", function (event) { if (details.open && !details.contains(event.target)) details.open = false; });
  });

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

  var listeners = [];  // pages.js adds chapter percentages and the progress panel
  function showProgress() {
    $$(".lesson-item[data-key]").forEach(function (node) {
      node.classList.toggle("is-done", isDone(node.dataset.key));
    });
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

  // A lesson is complete once every quiz and every checked exercise on it has passed.
  // Each check has its own id: two exercises may check the same example.
  var checksRun = false;
  $$(".exercise-check").forEach(function (box, index) { box.dataset.check = "check-" + (index + 1); });
  function pass(kind, id) {
    if (!lesson) return;
    var store = kind === "quiz" ? "quizzes" : "checks";
    progress[store] = progress[store] || {};
    progress[store][lesson.dataset.key + "#" + id] = true;
    save();
    // Checks count only where learners can run them (a playground, not a copy from disk).
    var checks = checksRun ? $$(".exercise-check") : [];
    var items = $$("form.quiz").map(function (f) { return ["quizzes", f.dataset.quiz]; })
      .concat(checks.map(function (c) { return ["checks", c.dataset.check]; }));
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

  // ---- Glossary terms: the definition in a popover on hover and focus ------------------
  // The definitions come with the page (a <template> in lesson.html); the link still leads to
  // the glossary. The popover stays while the pointer is on it, Escape closes it, and on a
  // touch screen the first tap shows it and the second follows the link.
  var definitions = doc.getElementById("glossary-definitions");
  if (definitions && definitions.content) {
    var pop = doc.createElement("div");
    pop.className = "glossary-popover";
    pop.id = "glossary-popover";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    doc.body.appendChild(pop);
    var current = null, hideTimer = null, touched = false;
    var definition = function (link) {
      return definitions.content.querySelector('[data-term="' + decodeURIComponent(link.hash.slice(1)).replace(/"/g, "") + '"]');
    };
    var hidePop = function () {
      clearTimeout(hideTimer);
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      pop.hidden = true;
    };
    var showPop = function (link) {
      clearTimeout(hideTimer);
      var found = definition(link);
      if (!found) return;
      if (current !== link) {
        hidePop();
        pop.textContent = "";
        var copy = found.cloneNode(true);
        $$("a", copy).forEach(function (a) {  // a tooltip holds no controls: links become text
          var span = doc.createElement("span");
          span.textContent = a.textContent;
          a.replaceWith(span);
        });
        while (copy.firstChild) pop.appendChild(copy.firstChild);
        current = link;
        link.setAttribute("aria-describedby", pop.id);
      }
      pop.hidden = false;
      place(link);
    };
    var place = function (link) {
      // below the term, or above it when there is no room; kept inside the window
      var box = link.getBoundingClientRect(), width = pop.offsetWidth, height = pop.offsetHeight;
      var rtl = getComputedStyle(link).direction === "rtl";
      var left = rtl ? box.right - width : box.left;
      left = Math.max(8, Math.min(left, doc.documentElement.clientWidth - width - 8));
      var top = box.bottom + 6;
      if (top + height > window.innerHeight - 8 && box.top - height - 6 > 8) top = box.top - height - 6;
      pop.style.left = left + "px";
      pop.style.top = top + "px";
    };
    var hideSoon = function () { clearTimeout(hideTimer); hideTimer = setTimeout(hidePop, 250); };
    $$("a.glossary-link").forEach(function (link) {
      if (!definition(link)) return;
      link.addEventListener("mouseenter", function () { showPop(link); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { showPop(link); });
      link.addEventListener("blur", hideSoon);
      link.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; });
      link.addEventListener("click", function (event) {
        if (touched && (current !== link || pop.hidden)) { event.preventDefault(); showPop(link); }
      });
    });
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", hideSoon);
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !pop.hidden) { hidePop(); }
    });
    doc.addEventListener("pointerdown", function (event) {
      if (!pop.hidden && !pop.contains(event.target) && event.target !== current) hidePop();
    });
    var placing = false;  // the popover follows its term as the page scrolls
    window.addEventListener("scroll", function () {
      if (pop.hidden || !current || placing) return;
      placing = true;
      requestAnimationFrame(function () { placing = false; if (current && !pop.hidden) place(current); });
    }, { passive: true });
  }

  // ---- Table of contents: mark the section being read -----------------------------------
  var tocLinks = $$(".toc a");
  if (tocLinks.length && "IntersectionObserver" in window) {
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

  // ---- Run buttons: the playground (Python in the browser) loads on the first press --------
  // Opened from disk (an offline copy) the browser refuses to start Python's worker and to
  // read its files: the Run buttons say what they need instead of failing.
  if (html.dataset.playground && location.protocol === "file:") {
    $$(".highlight[data-example]").forEach(function (block) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "run-button";
      button.textContent = t("play.runit", "Run");
      button.setAttribute("aria-label", t("play.runlabel", "Run this example in the browser"));
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
  } else if (html.dataset.playground && "Worker" in window) {
    checksRun = true;
    var playground = null;
    var loadPlayground = function () {
      if (!playground) {
        stylesheet(html.dataset.playgroundCss);
        playground = script(html.dataset.playgroundScript, "coursewarePlayground");
      }
      return playground;
    };
    $$(".highlight[data-example]").forEach(function (block) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "run-button";
      button.textContent = t("play.runit", "Run");
      button.setAttribute("aria-label", t("play.runlabel", "Run this example in the browser"));
      button.addEventListener("click", function () {
        loadPlayground().then(function (api) { api.open(block).run(); });
      });
      block.appendChild(button);
    });
    $$(".exercise-check").forEach(function (box) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button check-button";
      button.textContent = t("play.check", "Check my code");
      button.addEventListener("click", function () { loadPlayground().then(function (api) { api.check(box); }); });
      box.after(button);
    });
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
  function stylesheet(href) {
    if (!href || doc.querySelector('link[href="' + href + '"]')) return;
    var link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    doc.head.appendChild(link);
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
    return target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .editor");
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
    pass: pass
  };
})();
