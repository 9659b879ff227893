// Parts of other pages of the course, shown in this one: the review page takes its questions
// from their lessons, a printable chapter its lessons. Pages are fetched from the same origin
// (each once) and parsed, never run; what is taken gets ids of its own and links that still
// point where they pointed in its page. Opened from disk a page cannot fetch another: the
// promise then fails, and the caller links to the pages instead; a page the server does not
// have fails with ``error.gone``.
(function () {
  "use strict";
  var html = document.documentElement;
  var REFERENCES = ["for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers", "list"];
  var pages = {};

  // The address of a lesson from its key ("mvc/what-is-mvc/"), from the root of the lessons of
  // this page's language (``data-lessons``, relative to this page).
  function lessonUrl(lessons, key) {
    return new URL(lessons + key + (html.dataset.pageEnd || ""), location.href).href;
  }

  // The page at ``url``, parsed; fetched once however many parts are taken from it.
  function page(url) {
    var address = url.split("#")[0];
    if (!pages[address]) {
      pages[address] = location.protocol === "file:"
        ? Promise.reject(new Error("pages opened from disk cannot fetch other pages"))
        : fetch(address, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) {
            var error = new Error(address + ": " + response.status);
            error.gone = true;  // the server answered: the page is not there
            throw error;
          }
          return response.text();
        }).then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        });
    }
    return pages[address];
  }

  // A copy of ``node`` (from the page at ``base``) for this page: its ids, and what refers to
  // them, start with ``prefix``; its other links and images are made absolute.
  function adopt(node, base, prefix) {
    var copy = document.importNode(node, true);
    var all = [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*")));
    all.forEach(function (element) {
      if (element.id) element.id = prefix + element.id;
      if (element.hasAttribute("name") && element.matches("input, select, textarea, button")) {
        element.setAttribute("name", prefix + element.getAttribute("name"));
      }
      REFERENCES.forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.trim().split(/\s+/).map(function (id) { return prefix + id; }).join(" "));
        }
      });
      ["href", "src"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value === null) return;
        if (value.charAt(0) === "#") element.setAttribute(attribute, "#" + prefix + value.slice(1));
        else element.setAttribute(attribute, new URL(value, base).href);
      });
    });
    return copy;
  }

  // Code and tables of what was taken that scroll sideways must be reachable with the
  // keyboard, as site.js makes them in the page's own content (call once they are shown).
  function scrollers(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".highlight pre, .prose table, table"), function (box) {
      if (box.scrollWidth <= box.clientWidth + 1) return;
      box.tabIndex = 0;
      if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", box.tagName === "PRE" ? say("code", "Code") : say("table", "Table"));
    });
  }

  // A message of the learner's language with its {values} filled in.
  function say(key, fallback, values) {
    var text = window.courseware ? window.courseware.t(key, fallback) : fallback;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  window.coursewareBorrow = { lessonUrl: lessonUrl, page: page, adopt: adopt, scrollers: scrollers, say: say };
})();
