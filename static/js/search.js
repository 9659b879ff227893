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
  try { messages = JSON.parse(doc.body.dataset.messages || "{}"); } catch (e) { /* English then */ }
  function t(key, fallback) { return messages[key] || fallback; }
  var SPAN = 256, RESULTS = 10;
  var STOP = {
    en: "a an and are as at be but by for from has have how if in into is it its of on or so than that the their then there these they this to was we what when which while who will with you your can do does not",
    es: "a al con como de del el en es esta este esto la las lo los mas o para pero por que se si sin sobre su sus un una uno y ya tu te"
  };
  var stop = {};
  (STOP[lang] || STOP.en).split(" ").forEach(function (w) { stop[w] = true; });
  var cache = {};

  // A copy opened from disk cannot fetch() its files: it loads the whole index as a script
  // (search/index.js, which sets window.coursewareSearchIndex) and reads the files from it.
  var bundled = null;
  function bundle() {
    if (!bundled) {
      bundled = new Promise(function (resolve, reject) {
        if (window.coursewareSearchIndex) { resolve(window.coursewareSearchIndex); return; }
        var script = doc.createElement("script");
        script.src = html.dataset.searchData;
        script.onload = function () { resolve(window.coursewareSearchIndex); };
        script.onerror = function () { bundled = null; reject(new Error("no search index")); };
        doc.head.appendChild(script);
      });
    }
    return bundled;
  }
  function get(path) {
    if (html.dataset.searchData) {
      return bundle().then(function (files) {
        if (!files || !(path in files)) throw new Error("not in the index: " + path);
        return files[path];
      });
    }
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
                // ?h= asks the lesson to mark the words searched for (site.js)
                url: root + lesson.u + pageEnd + "?h=" + encodeURIComponent(query.trim()) +
                  (section[0] ? "#" + section[0] : ""),
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
  function snippetNode(pieces, tag) {
    var p = el(tag || "p", "search-result-snippet");
    pieces.forEach(function (piece) {
      p.appendChild(piece[1] ? el("mark", "", piece[0]) : doc.createTextNode(piece[0]));
    });
    return p;
  }
  function title(r) { return r.lesson + (r.anchor && r.section ? " › " + r.section : ""); }
  function count(n, query) {
    return n ? n + " " + t("search.count", "lessons match") + " “" + query + "”."
      : t("search.nothing", "No lesson matches. Try fewer or different words.");
  }
  // For site.js, and for the tests that hold it against the Python search (tests/search/).
  window.coursewareSearch = { search: search, tokens: tokens, stem: stem, fold: fold };

  // A lesson opened from a result (?h=words; site.js loads this file for it) marks the words:
  // each word of at least two letters, as the start of a word in the text (so "cookie" also
  // marks "cookies"), outside code; then the address drops ?h= so it copies clean.
  function markSought() {
    var sought = new URLSearchParams(location.search).get("h");
    if (!sought) return;
    var article = doc.querySelector("main article") || doc.querySelector("main");
    if (sought && article && window.history && history.replaceState) {
      var words = sought.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) { return w.length > 1; });
      if (words.length) {
        var pattern = new RegExp("(?<![\\p{L}\\p{N}_])(?:" + words.map(function (w) {
          return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        }).join("|") + ")", "giu");
        var walker = doc.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
          acceptNode: function (node) {
            return node.parentElement.closest("pre, code, script, style, textarea, svg, mark, button, .visually-hidden")
              ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
          }
        });
        var texts = [];
        while (walker.nextNode() && texts.length < 2000) texts.push(walker.currentNode);
        var marked = 0;
        texts.forEach(function (node) {
          var text = node.nodeValue, found, last = 0, pieces = doc.createDocumentFragment();
          pattern.lastIndex = 0;
          while ((found = pattern.exec(text)) && marked < 500) {
            pieces.appendChild(doc.createTextNode(text.slice(last, found.index)));
            var hit = doc.createElement("mark");
            hit.className = "search-hit";
            hit.textContent = found[0];
            pieces.appendChild(hit);
            last = found.index + found[0].length;
            marked++;
          }
          if (!last) return;
          pieces.appendChild(doc.createTextNode(text.slice(last)));
          node.parentNode.replaceChild(pieces, node);
        });
      }
      var clean = new URL(location.href);
      clean.searchParams.delete("h");
      history.replaceState(history.state, "", clean.pathname + clean.search + clean.hash);
    }
  }
  markSought();

  // Every search box behaves the same: results as you type, Enter opens the first result (or
  // the one chosen). The header's box is an ARIA 1.2 combobox: its results are options of a
  // listbox in a popup, chosen with the arrow keys; an option holds no link (it must not
  // contain a control), choosing it goes to its address. The search page's box lists the
  // results in the page as links, the same list the server renders; the arrow keys move to
  // them. Without JavaScript either form submits to the search page.
  var POPUP_RESULTS = 5;
  var boxes = doc.querySelectorAll("[data-search-box]");
  for (var b = 0; b < boxes.length; b++) attach(boxes[b], b);

  function attach(box, number) {
    var inline = box.hasAttribute("data-search-inline");
    var form = box.form;
    var prefix = "search-" + number + "-";
    var holder = inline ? doc.getElementById("search-results") : el("div", "search-popup");
    var status = el("p", inline ? "search-count" : "search-status");
    status.setAttribute("role", "status");
    var listbox = el(inline ? "ol" : "ul", inline ? "search-list" : "search-options");
    listbox.id = prefix + "options";
    if (!inline) {
      listbox.setAttribute("role", "listbox");
      listbox.setAttribute("aria-label", t("search.label", "Search results"));
      holder.hidden = true;
      holder.appendChild(status);
      holder.appendChild(listbox);
      form.appendChild(holder);
      box.setAttribute("role", "combobox");
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-controls", listbox.id);
      box.setAttribute("aria-expanded", "false");
    }
    var active = -1, timer = null, latest = 0, shownFor = null, pending = null;

    function open(show) {
      if (inline) return;
      holder.hidden = !show;
      box.setAttribute("aria-expanded", String(show));
      if (!show) { setActive(-1); }
    }
    function options() { return listbox.querySelectorAll(inline ? ".search-result-link" : "[role=option]"); }
    function setActive(index) {
      var all = options();
      active = all.length && index >= 0 ? (index + all.length) % all.length : -1;
      for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", String(i === active));
      if (active < 0) { box.removeAttribute("aria-activedescendant"); return; }
      box.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function go(option) { if (option) location.href = option.dataset.href || option.href; }
    function render(query, results) {
      listbox.textContent = "";
      active = -1;
      var shown = inline ? results : results.slice(0, POPUP_RESULTS);
      shown.forEach(function (r, i) {
        if (inline) {  // as the server renders it (templates/search.html)
          var result = el("li", "search-result"), link = el("a", "search-result-link", title(r));
          link.href = r.url;
          result.appendChild(link);
          result.appendChild(el("p", "search-result-chapter", r.chapter));
          result.appendChild(snippetNode(r.snippet));
          listbox.appendChild(result);
          return;
        }
        var item = el("li", "search-option");
        item.id = prefix + "option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.href = r.url;
        item.appendChild(el("span", "search-option-title", title(r)));
        item.appendChild(el("span", "search-option-chapter", r.chapter));
        item.appendChild(snippetNode(r.snippet, "span"));
        listbox.appendChild(item);
      });
      if (!inline && results.length) {  // the search page, with every result
        var all = el("li", "search-option search-option-all", t("search.all", "All results for") + " “" + query.trim() + "”");
        all.id = prefix + "option-all";
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.dataset.href = form.action + (form.action.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query.trim());
        listbox.appendChild(all);
      }
      status.textContent = inline ? count(results.length, query.trim())
        : results.length ? results.length + " " + t("search.results", "results. Use the arrow keys to choose.")
        : t("search.none", "No lesson matches. Press Enter to search all pages.");
      if (inline && status.parentNode !== holder) {
        holder.textContent = "";
        holder.appendChild(status);
        holder.appendChild(listbox);
      }
      shownFor = query;
    }
    function show(query) {
      var ticket = ++latest;
      if (!query.trim()) { pending = null; shownFor = null; listbox.textContent = ""; open(false); return Promise.resolve(); }
      pending = search(query).then(function (results) {
        if (ticket !== latest) return;
        render(query, results);
        open(true);
      }, function () {
        if (ticket !== latest) return;
        listbox.textContent = "";
        status.textContent = t("search.offline", "Search is not available here: open the course from a web server.");
        if (inline && status.parentNode !== holder) { holder.textContent = ""; holder.appendChild(status); holder.appendChild(listbox); }
        shownFor = null;
        open(true);
      });
      return pending;
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(box.value); }, 80);
    });
    box.addEventListener("keydown", function (event) {
      var expanded = box.getAttribute("aria-expanded") === "true";
      if (inline && event.key === "ArrowDown" && options()[0]) { event.preventDefault(); options()[0].focus(); return; }
      if (event.key === "ArrowDown") { event.preventDefault(); if (!expanded) show(box.value); else setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); if (expanded) setActive(active < 0 ? -1 : active - 1); }
      else if (event.key === "Escape") {
        if (expanded && !inline) { event.preventDefault(); open(false); }
        else if (box.value && inline) { event.preventDefault(); box.value = ""; show(""); }
      }
      else if (event.key === "Enter") {
        if (active >= 0 && expanded) { event.preventDefault(); go(options()[active]); return; }
        if (!box.value.trim()) return;
        // Enter opens the first result, once the results for what is typed are there
        event.preventDefault();
        clearTimeout(timer);
        var query = box.value;
        (shownFor === query && pending ? pending : show(query)).then(function () {
          var first = options()[0];
          if (first && shownFor === query && !first.classList.contains("search-option-all")) go(first);
          else if (!inline) form.submit();
        });
      }
    });
    if (inline) {  // the arrow keys move between the results' links, Escape goes back to the box
      listbox.addEventListener("keydown", function (event) {
        var all = Array.prototype.slice.call(options()), at = all.indexOf(doc.activeElement);
        if (at < 0) return;
        if (event.key === "ArrowDown" && all[at + 1]) { event.preventDefault(); all[at + 1].focus(); }
        else if (event.key === "ArrowUp") { event.preventDefault(); (all[at - 1] || box).focus(); }
        else if (event.key === "Escape") { event.preventDefault(); box.focus(); }
      });
    }
    listbox.addEventListener("click", function (event) {
      if (inline) return;
      var option = event.target.closest("[role=option]");
      if (option) go(option);
    });
    listbox.addEventListener("mousemove", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option) return;
      var all = options();
      for (var i = 0; i < all.length; i++) if (all[i] === option && i !== active) setActive(i);
    });
    if (!inline) {
      doc.addEventListener("click", function (event) {
        if (!form.contains(event.target)) open(false);
      });
      box.addEventListener("focus", function () { if (box.value.trim() && shownFor === box.value) open(true); });
    }
    // The search page: the query in the address (the static site), or what the server found
    var query = inline ? new URLSearchParams(location.search).get("q") || "" : "";
    if (query && !box.value) box.value = query;
    if (inline && box.value.trim() && holder.dataset.server === "false") show(box.value);
    // typed before this file arrived
    else if (doc.activeElement === box && box.value.trim() && box.value !== query) show(box.value);
    // and pressed Enter (site.js held it): open the first result once it is there
    if (box.dataset.enterPending) {
      delete box.dataset.enterPending;
      var typed = box.value;
      show(typed).then(function () {
        var first = options()[0];
        if (first && shownFor === typed && !first.classList.contains("search-option-all")) go(first);
        else if (!inline) form.submit();
      });
    }
  }
})();
