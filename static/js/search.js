// Course search in the browser. Loaded on first use of the search box.
// Mirrors courseware/search.py: the same folding, stemming, scoring and snippets, over the same
// files (meta.json, one shard per two-letter term prefix, one file per lesson shown).
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var root = html.dataset.root || "/";
  var base = root + (html.dataset.search || "search/");
  var pageEnd = html.dataset.pageEnd || "";
  var lang = html.lang || "en";
  var messages = {};
  try { messages = JSON.parse(html.dataset.messages || "{}"); } catch (e) { /* English then */ }
  function t(key, fallback) { return messages[key] || fallback; }
  var SPAN = 256, RESULTS = 10;
  var STOP = {
    en: "a an and are as at be but by for from has have how if in into is it its of on or so than that the their then there these they this to was we what when which while who will with you your can do does not",
    es: "a al con como de del el en es esta este esto la las lo los mas o para pero por que se si sin sobre su sus un una uno y ya tu te"
  };
  var stop = {};
  (STOP[lang] || STOP.en).split(" ").forEach(function (w) { stop[w] = true; });
  var cache = {};

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c.charCodeAt(0) < 128) { out += c.toLowerCase(); continue; }
      var b = c.normalize("NFKD")[0];
      out += (b.charCodeAt(0) < 128 ? b : c).toLowerCase();
    }
    return out;
  }

  function ends(w, s) { return w.slice(-s.length) === s; }

  function stem(w) {
    if (lang === "es") {
      if (w.length > 5 && ends(w, "es")) w = w.slice(0, -2);
      else if (w.length > 4 && ends(w, "s")) w = w.slice(0, -1);
      if (w.length > 4 && "aoe".indexOf(w[w.length - 1]) >= 0) w = w.slice(0, -1);
      return w;
    }
    if (w.length > 4 && ends(w, "ies")) w = w.slice(0, -3) + "y";
    else if (ends(w, "sses")) w = w.slice(0, -2);
    else if (w.length > 5 && ends(w, "ing")) w = w.slice(0, -3);
    else if (w.length > 4 && ends(w, "ed")) w = w.slice(0, -2);
    else if (w.length > 3 && ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) w = w.slice(0, -1);
    if (w.length > 4 && ends(w, "e")) w = w.slice(0, -1);
    return w;
  }

  function tokens(text) {
    var found = [];
    (fold(text).match(/[a-z0-9_]+/g) || []).forEach(function (word) {
      var trimmed = word.replace(/^_+|_+$/g, "");
      var parts = trimmed.indexOf("_") >= 0 ? [word].concat(word.split("_")) : [trimmed];
      parts.forEach(function (p) { if (p.length > 1 && !stop[p]) found.push(stem(p)); });
    });
    return found.filter(function (t, i) { return found.indexOf(t) === i; });
  }

  function matches(term, meta, shard) {
    var found = {};
    Object.keys(shard || {}).forEach(function (candidate) {
      var weight;
      if (candidate === term) weight = 1;
      else if (candidate.indexOf(term) === 0) weight = 0.6;
      else if (candidate.length >= 4 && term.indexOf(candidate) === 0) weight = 0.5;
      else return;
      var flat = shard[candidate], n = flat.length / 2;
      var idf = Math.log(1 + (meta.docs - n + 0.5) / (n + 0.5));
      for (var i = 0; i < flat.length; i += 2) {
        var value = idf * flat[i + 1] * weight;
        if (!(flat[i] in found) || value > found[flat[i]]) found[flat[i]] = value;
      }
    });
    return found;
  }

  function rank(perTerm) {
    var docs = Object.keys(perTerm[0]).filter(function (d) {
      return perTerm.every(function (m) { return d in m; });
    });
    if (!docs.length) {
      var all = {};
      perTerm.forEach(function (m) { Object.keys(m).forEach(function (d) { all[d] = true; }); });
      docs = Object.keys(all);
    }
    docs = docs.map(Number).sort(function (a, b) { return a - b; });
    var scores = {}, best = {};
    docs.forEach(function (d) {
      scores[d] = perTerm.reduce(function (sum, m) { return sum + (m[d] || 0); }, 0);
    });
    docs.forEach(function (d) {
      var lesson = Math.floor(d / SPAN), entry = best[lesson];
      if (!entry) { best[lesson] = [scores[d], d]; return; }
      if (scores[d] > scores[entry[1]]) entry[1] = d;
      entry[0] += scores[d];
    });
    return Object.keys(best).map(Number).map(function (lesson) {
      var e = best[lesson];
      return { lesson: lesson, doc: e[1], score: scores[e[1]], rank: scores[e[1]] + 0.1 * e[0] };
    }).sort(function (a, b) { return b.rank - a.rank || a.lesson - b.lesson; }).slice(0, RESULTS);
  }

  function snippet(text, terms, width) {
    width = width || 160;
    if (!text) return [];
    var folded = fold(text);
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("\\b(" + escaped.join("|") + ")[a-z0-9]*", "g");
    var first = pattern.exec(folded);
    var start = Math.max(0, (first ? first.index : 0) - Math.floor(width / 3));
    if (start) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < start + 20 ? space + 1 : start;
    }
    var end = Math.min(text.length, start + width);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end - 1);
      end = back > start ? back : end;
    }
    var pieces = start ? [["… ", false]] : [], position = start, m;
    pattern.lastIndex = start;
    while ((m = pattern.exec(folded)) && m.index < end) {
      var stop = Math.min(m.index + m[0].length, end);
      if (m.index > position) pieces.push([text.slice(position, m.index), false]);
      pieces.push([text.slice(m.index, stop), true]);
      position = stop;
    }
    if (position < end) pieces.push([text.slice(position, end), false]);
    if (end < text.length) pieces.push([" …", false]);
    return pieces;
  }

  // Search: resolves to [{url, lesson, chapter, section, anchor, snippet}], best first.
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return Promise.resolve([]);
    return get("meta.json").then(function (meta) {
      var names = meta.shards;
      return Promise.all(terms.map(function (t) {
        var name = t.slice(0, 2);
        return names.indexOf(name) >= 0 ? get("t/" + name + ".json") : Promise.resolve({});
      })).then(function (shards) {
        var perTerm = terms.map(function (t, i) { return matches(t, meta, shards[i]); });
        var ranked = rank(perTerm);
        return Promise.all(ranked.map(function (r) { return get("l/" + r.lesson + ".json"); }))
          .then(function (lessons) {
            return ranked.map(function (r, i) {
              var lesson = lessons[i], section = lesson.s[r.doc % SPAN];
              return {
                url: root + lesson.u + pageEnd + (section[0] ? "#" + section[0] : ""),
                lesson: lesson.t, chapter: lesson.c, anchor: section[0], section: section[1],
                snippet: snippet(section[2], terms)
              };
            });
          });
      });
    });
  }

  // -- Rendering results (DOM built with textContent: nothing from the index is HTML) ------
  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  function snippetNode(pieces) {
    var p = el("p", "search-result-snippet");
    pieces.forEach(function (piece) {
      p.appendChild(piece[1] ? el("mark", "", piece[0]) : doc.createTextNode(piece[0]));
    });
    return p;
  }
  function title(r) { return r.lesson + (r.anchor && r.section ? " › " + r.section : ""); }
  // For site.js, and for the tests that hold it against the Python search (tests/search/).
  window.coursewareSearch = { search: search, tokens: tokens, stem: stem, fold: fold };

  // The results page of the static site: run the query in ?q=.
  var page = doc.getElementById("search-results");
  if (page && page.dataset.server === "false") {
    var query = new URLSearchParams(location.search).get("q") || "";
    var input = doc.getElementById("search-page-input");
    if (input) input.value = query;
    if (query.trim()) {
      search(query).then(function (results) {
        page.textContent = "";
        page.appendChild(el("p", "search-count", results.length
          ? results.length + " " + t("search.count", "lessons match") + " “" + query + "”."
          : t("search.nothing", "No lesson matches. Try fewer or different words.")));
        var list = el("ol", "search-list");
        results.forEach(function (r) {
          var item = el("li", "search-result"), link = el("a", "search-result-link", title(r));
          link.href = r.url;
          item.appendChild(link);
          item.appendChild(el("p", "search-result-chapter", r.chapter));
          item.appendChild(snippetNode(r.snippet));
          list.appendChild(item);
        });
        page.appendChild(list);
      }, function () { page.textContent = t("search.offline", "Search is not available here: open the course from a web server."); });
    }
  }

  // The search box in the header: results as you type, arrow keys to choose.
  var box = doc.getElementById("search-input");
  if (!box) return;
  var popup = el("div", "search-popup");
  popup.id = "search-popup";
  popup.hidden = true;
  var listbox = el("ul", "search-options");
  listbox.id = "search-options";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", t("search.label", "Search results"));
  var status = el("p", "search-status");
  status.setAttribute("role", "status");
  popup.appendChild(status);
  popup.appendChild(listbox);
  box.parentNode.appendChild(popup);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", "search-options");
  box.setAttribute("aria-expanded", "false");
  var active = -1, timer = null, latest = 0;

  function open(show) {
    popup.hidden = !show;
    box.setAttribute("aria-expanded", String(show));
    if (!show) { active = -1; box.removeAttribute("aria-activedescendant"); }
  }
  function options() { return listbox.querySelectorAll("[role=option]"); }
  function highlight(index) {
    var all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", String(i === active));
    box.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }
  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) { open(false); return; }
    search(query).then(function (results) {
      if (ticket !== latest) return;
      listbox.textContent = "";
      active = -1;
      status.textContent = results.length ? results.length + " " + t("search.results", "results. Use the arrow keys to choose.")
        : t("search.none", "No lesson matches. Press Enter to search all pages.");
      results.forEach(function (r, i) {
        var item = el("li", "search-option");
        item.id = "search-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = el("a", "search-option-link");
        link.href = r.url;
        link.tabIndex = -1;
        link.appendChild(el("span", "search-option-title", title(r)));
        link.appendChild(el("span", "search-option-chapter", r.chapter));
        link.appendChild(snippetNode(r.snippet));
        item.appendChild(link);
        listbox.appendChild(item);
      });
      open(true);
    }, function () {
      if (ticket !== latest) return;
      listbox.textContent = "";
      status.textContent = t("search.offline", "Search is not available here: open the course from a web server.");
      open(true);
    });
  }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(box.value); }, 80);
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (popup.hidden) show(box.value); else highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { if (!popup.hidden) { event.preventDefault(); open(false); } else box.blur(); }
    else if (event.key === "Enter" && active >= 0 && !popup.hidden) {
      event.preventDefault();
      location.href = options()[active].querySelector("a").href;
    }
  });
  doc.addEventListener("click", function (event) {
    if (!popup.contains(event.target) && event.target !== box) open(false);
  });
  if (box.value) show(box.value);
})();
