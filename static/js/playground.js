// The playground: edit an example, run it in Python in the browser (Pyodide in a worker), send
// it requests and see the responses. Loaded on the first press of a "Run" button.
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var cw = window.courseware;
  var t = cw.t;
  var root = html.dataset.root || "/";
  var playgroundBase = html.dataset.playground;
  var course = html.dataset.course || "course";
  var worker = null, pending = {}, nextId = 1, readyStage = null;
  var panels = {};
  var STAGES = {
    runtime: t("play.loading", "Loading Python (about 13 MB, only the first time)…"),
    flask: t("play.flask", "Installing Flask…"),
    extensions: t("play.extensions", "Installing Flask's extensions…"),
    ready: ""
  };

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  // ---- The worker: one per page, restarted by Stop -------------------------------------
  function startWorker() {
    if (worker) return worker;
    worker = new Worker(root + "static/js/playground-worker.js", { type: "module" });
    readyStage = null;
    worker.onmessage = function (event) {
      var message = event.data;
      if (message.type === "progress") {
        readyStage = message.stage;
        Object.keys(panels).forEach(function (key) { panels[key].progress(message.stage); });
        return;
      }
      var callback = pending[message.id];
      delete pending[message.id];
      if (callback) callback.resolve(message.result);
    };
    worker.onerror = function (event) {
      Object.keys(pending).forEach(function (id) { pending[id].reject(new Error(event.message || "worker failed")); });
      pending = {};
    };
    return worker;
  }

  function stopWorker() {
    if (!worker) return;
    worker.terminate();
    worker = null;
    Object.keys(pending).forEach(function (id) { pending[id].reject(new Error("stopped")); });
    pending = {};
  }

  function ask(message) {
    startWorker();
    message.id = nextId++;
    return new Promise(function (resolve, reject) {
      pending[message.id] = { resolve: resolve, reject: reject };
      worker.postMessage(message);
    });
  }

  // ---- Example files, and the learner's edits kept in this browser ----------------------
  var examples = {};
  function fetchExample(unit) {
    if (!examples[unit]) {
      examples[unit] = fetch(root + "playground/examples/" + unit + ".json").then(function (r) {
        if (!r.ok) throw new Error("example not found");
        return r.json();
      });
    }
    return examples[unit];
  }
  function storageKey(unit) { return "courseware:v1:" + course + ":code:" + unit; }
  function savedFiles(unit) {
    try { return JSON.parse(cw.store.get(storageKey(unit)) || "null"); } catch (e) { return null; }
  }

  // ---- The editor: CodeMirror, bundled by `python build.py playground` and imported on the
  // first Run; a textarea with line numbers when the bundle is not there ------------------
  var codeEditor = null;
  function loadEditor() {
    if (!codeEditor) {
      codeEditor = fetch(playgroundBase + "manifest.json").then(function (r) { return r.json(); })
        .then(function (manifest) {
          if (!manifest.editor) return null;
          return import(playgroundBase + manifest.editor).then(function (module) { return module.createEditor; });
        })
        .catch(function () { return null; });
    }
    return codeEditor;
  }

  function richEditor(create, label, onChange) {
    var host = el("div", { className: "editor-host" });
    var instance = null;
    // Keys typed in the editor are the learner's: the page's shortcuts ("n", "p", "/") see the
    // shadow root's host as the target, not the editable text, so the keys stop here.
    host.addEventListener("keydown", function (event) { event.stopPropagation(); });
    return {
      node: host,
      rich: true,
      start: function () {
        instance = create(host, {
          label: label,
          description: t("play.editorkeys", "Tab indents, Shift+Tab dedents; to leave the editor, press Esc then Tab. Ctrl+F searches."),
          onChange: onChange
        });
      },
      set: function (text, name, lines) { instance.set(text, name, lines); },
      value: function () { return instance.value; },
      focus: function () { instance.focus(); }
    };
  }

  function plainEditor(label, onChange) {
    var wrap = el("div", { className: "editor" });
    var gutter = el("pre", { className: "editor-lines", "aria-hidden": "true" });
    var area = el("textarea", { className: "editor-text", spellcheck: "false", autocapitalize: "off", autocomplete: "off", "aria-label": label, wrap: "off" });
    wrap.appendChild(gutter);
    wrap.appendChild(area);
    function numbers() {
      var count = area.value.split("\n").length;
      var out = [];
      for (var i = 1; i <= count; i++) out.push(i);
      gutter.textContent = out.join("\n");
      gutter.scrollTop = area.scrollTop;
    }
    area.addEventListener("input", function () { numbers(); onChange(area.value); });
    area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); area.blur(); wrap.dispatchEvent(new CustomEvent("leave")); return; }
      if (event.key !== "Tab") return;
      event.preventDefault();
      var start = area.selectionStart, end = area.selectionEnd, value = area.value;
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      if (event.shiftKey) {
        var removed = value.slice(lineStart, lineStart + 4).match(/^ {1,4}/);
        if (removed) {
          area.value = value.slice(0, lineStart) + value.slice(lineStart + removed[0].length);
          area.selectionStart = area.selectionEnd = Math.max(lineStart, start - removed[0].length);
        }
      } else {
        area.value = value.slice(0, start) + "    " + value.slice(end);
        area.selectionStart = area.selectionEnd = start + 4;
      }
      area.dispatchEvent(new Event("input"));
    });
    return {
      node: wrap,
      rich: false,
      start: function () {},
      set: function (text, name, lines) {
        area.value = text;
        numbers();
        var first = lines ? lines.from : 1;
        var offset = text.split("\n").slice(0, first - 1).join("\n").length + (first > 1 ? 1 : 0);
        area.setSelectionRange(offset, offset);
        area.scrollTop = lines ? (first - 1) * parseFloat(getComputedStyle(area).lineHeight || "21") : 0;
        gutter.scrollTop = area.scrollTop;
      },
      value: function () { return area.value; },
      focus: function () { area.focus({ preventScroll: true }); }
    };
  }

  // Where the snippet of the lesson sits in the example's files: the file and its lines.
  function findSnippet(block, files, order) {
    var code = block.querySelector("pre code") || block.querySelector("pre");
    if (!code) return null;
    var wanted = code.textContent.split("\n").map(function (line) { return line.trim(); });
    while (wanted.length && !wanted[0]) wanted.shift();
    while (wanted.length && !wanted[wanted.length - 1]) wanted.pop();
    if (!wanted.length) return null;
    for (var f = 0; f < order.length; f++) {
      var lines = files[order[f]].split("\n").map(function (line) { return line.trim(); });
      for (var i = 0; i + wanted.length <= lines.length; i++) {
        var k = 0;
        while (k < wanted.length && lines[i + k] === wanted[k]) k++;
        if (k === wanted.length) {
          var whole = i === 0 && lines.slice(i + k).every(function (line) { return !line; });
          return { file: order[f], from: i + 1, to: i + wanted.length, whole: whole };
        }
      }
    }
    return null;
  }

  // ---- A playground panel under a code block -------------------------------------------
  function Panel(block, unit) {
    var self = this;
    var node = el("section", { className: "playground", "aria-label": t("play.title", "Playground") });
    var head = el("div", { className: "playground-head" });
    head.appendChild(el("p", { className: "playground-title" }, t("play.title", "Playground")));
    var tabs = el("div", { className: "playground-tabs", role: "tablist", "aria-label": t("play.files", "Files") });
    head.appendChild(tabs);
    var reset = el("button", { type: "button", className: "button button-secondary playground-reset" }, t("play.resetcode", "Reset code"));
    head.appendChild(reset);
    node.appendChild(head);
    var editorSlot = el("div", { className: "playground-editor" });
    node.appendChild(editorSlot);
    var keys = el("p", { className: "playground-keys" });
    node.appendChild(keys);

    var form = el("form", { className: "playground-request" });
    var method = el("select", { "aria-label": t("play.method", "Method") });
    ["GET", "POST", "PUT", "PATCH", "DELETE", "flask"].forEach(function (name) {
      method.appendChild(el("option", { value: name }, name === "flask" ? t("play.command", "flask command") : name));
    });
    var path = el("input", { type: "text", value: "", placeholder: "/", "aria-label": t("play.path", "Path"), className: "playground-path", spellcheck: "false" });
    var kind = el("select", { "aria-label": t("play.kind", "Body") });
    [["", t("play.nobody", "No body")], ["form", t("play.form", "Form fields")], ["json", "JSON"]].forEach(function (pair) {
      kind.appendChild(el("option", { value: pair[0] }, pair[1]));
    });
    var body = el("textarea", { className: "playground-body", rows: "3", "aria-label": t("play.bodytext", "Request body"), placeholder: "name=Ada&city=London", hidden: "" });
    var run = el("button", { type: "submit", className: "button" }, t("play.run", "Run"));
    [method, path, kind, run].forEach(function (control) { form.appendChild(control); });
    form.appendChild(body);
    node.appendChild(form);
    // The state line: what Python is doing, with the way to stop it next to it.
    var state = el("div", { className: "playground-state" });
    var status = el("p", { className: "playground-status", role: "status" });
    var stop = el("button", { type: "button", className: "button button-secondary playground-stop", hidden: "" }, t("play.stoprun", "Stop running"));
    state.appendChild(status);
    state.appendChild(stop);
    node.appendChild(state);
    var output = el("div", { className: "playground-output" });
    node.appendChild(output);
    block.after(node);

    var files = {}, original = {}, current = null, module = null, lastPath = "/", snippet = null;
    var ed = null;
    kind.addEventListener("change", function () {
      body.hidden = !kind.value;
      body.placeholder = kind.value === "json" ? '{"title": "Dune"}' : "name=Ada&city=London";
    });
    method.addEventListener("change", function () {
      var cli = method.value === "flask";
      path.setAttribute("aria-label", cli ? t("play.args", "Command") : t("play.path", "Path"));
      if (cli && path.value.charAt(0) === "/") path.value = "routes";
      if (!cli && path.value.charAt(0) !== "/") path.value = "";
    });
    function edited(text) {
      files[current] = text;
      cw.store.set(storageKey(unit), JSON.stringify({ files: files }));
    }
    function makeEditor(create) {
      var label = t("play.code", "Code of the example");
      ed = create ? richEditor(create, label, edited) : plainEditor(label, edited);
      editorSlot.appendChild(ed.node);
      ed.start();
      ed.node.addEventListener("leave", function () { run.focus(); });
      node.classList.toggle("has-rich-editor", ed.rich);
    }

    function showFile(name) {
      current = name;
      var lines = snippet && snippet.file === name && !snippet.whole ? snippet : null;
      ed.set(files[name], name, lines);
      keys.textContent = lines
        ? t("play.snippet", "Marked: lines {from}–{to}, the part the lesson shows.").replace("{from}", lines.from).replace("{to}", lines.to) + " "
        : "";
      keys.textContent += ed.rich
        ? t("play.editorkeys", "Tab indents, Shift+Tab dedents; to leave the editor, press Esc then Tab. Ctrl+F searches.")
        : t("play.keys", "Tab indents, Shift+Tab dedents, Esc leaves the editor.");
      Array.prototype.forEach.call(tabs.children, function (tab) {
        tab.setAttribute("aria-selected", String(tab.dataset.file === name));
      });
    }
    function fill(data) {
      module = data.module;
      original = data.files;
      var saved = savedFiles(unit);
      files = Object.assign({}, original, saved && saved.files ? saved.files : {});
      tabs.textContent = "";
      var names = Object.keys(files).filter(function (name) { return /\.(py|html)$/.test(name); }).sort(function (a, b) {
        return (b.endsWith(".py") - a.endsWith(".py")) || a.localeCompare(b);
      });
      names.forEach(function (name) {
        var tab = el("button", { type: "button", role: "tab", className: "playground-tab" }, name);
        tab.dataset.file = name;
        tab.addEventListener("click", function () { showFile(name); });
        tabs.appendChild(tab);
      });
      tabs.hidden = names.length < 2;
      var entry = names.filter(function (name) { return name === module + ".py" || name === module + "/__init__.py"; })[0];
      var order = (entry ? [entry] : []).concat(names.filter(function (name) { return name !== entry; }));
      snippet = findSnippet(block, files, order) || findSnippet(block, original, order);
      showFile(snippet ? snippet.file : entry || names[0]);
    }

    this.progress = function (stage) { if (stop.hidden === false) status.textContent = STAGES[stage] || ""; };

    function running(on) {
      run.disabled = on;
      stop.hidden = !on;
      node.classList.toggle("is-running", on);
    }

    function request() {
      var isCli = method.value === "flask";
      var message = { type: "run", unit: unit, module: module, files: files };
      if (isCli) { message.command = path.value; return message; }
      var target = path.value;
      message.request = { method: method.value, path: target };
      if (kind.value === "form") message.request.form = Array.from(new URLSearchParams(body.value));
      if (kind.value === "json") message.request.json = body.value || "null";
      return message;
    }

    function send(message) {
      running(true);
      status.textContent = readyStage === "ready" ? t("play.running", "Running…") : (STAGES[readyStage || "runtime"]);
      var started = performance.now();
      return ask(message).then(function (result) {
        running(false);
        status.textContent = t("play.done", "Done in") + " " + Math.round(performance.now() - started) + " ms.";
        if (result.path) { lastPath = result.path; if (!path.value || message.request && message.request.follow) path.value = result.path; }
        return result;
      }, function (error) {
        running(false);
        status.textContent = error.message === "stopped" ? t("play.stopped", "Stopped. The next run starts Python again.") : String(error.message);
        throw error;
      });
    }

    this.run = function (message) {
      return self.ready.then(function () { return send(message || request()); }).then(show, function () {});
    };

    function show(result) {
      output.textContent = "";
      if (result.kind === "script" || result.exitCode !== undefined || (result.stdout && !result.status)) {
        output.appendChild(el("p", { className: "playground-note" }, result.kind === "script"
          ? t("play.script", "This example is not a web app: here is what it prints.")
          : t("play.cli", "Output of the command:")));
        output.appendChild(el("pre", { className: "playground-text" }, result.stdout || ""));
      }
      if (!result.ok) {
        output.appendChild(el("pre", { className: "playground-error" }, result.traceback || "Error"));
        return;
      }
      if (!result.status) return;
      var line = el("p", { className: "playground-response" });
      line.appendChild(el("strong", { className: "playground-code is-" + String(result.status).charAt(0) + "xx" }, String(result.status)));
      line.appendChild(doc.createTextNode(" " + (result.statusText || "").replace(/^\d+\s*/, "")));
      output.appendChild(line);
      (result.redirects || []).forEach(function (hop) {
        output.appendChild(el("p", { className: "playground-note" }, t("play.redirected", "Followed a redirect:") + " " + hop[0] + " → " + hop[1]));
      });
      var headers = el("details", { className: "playground-headers" });
      headers.appendChild(el("summary", {}, t("play.headers", "Headers")));
      headers.appendChild(el("pre", {}, result.headers.map(function (pair) { return pair[0] + ": " + pair[1]; }).join("\n")));
      output.appendChild(headers);
      if (result.stdout) output.appendChild(el("pre", { className: "playground-text" }, result.stdout));
      if (/text\/html/.test(result.contentType) && result.encoding === "text") {
        var frame = el("iframe", { className: "playground-frame", sandbox: "allow-scripts allow-forms", title: t("play.page", "The page the app returned") });
        frame.src = root + "static/playground-frame.html";
        frame.addEventListener("load", function () { frame.contentWindow.postMessage({ type: "show", html: result.body }, "*"); });
        output.appendChild(frame);
        self.frame = frame;
      } else {
        output.appendChild(el("pre", { className: "playground-text" }, result.encoding === "base64" ? "(" + t("play.binary", "binary data") + ")" : result.body));
      }
    }

    // A link or form inside the returned page becomes the next request.
    window.addEventListener("message", function (event) {
      if (!self.frame || event.source !== self.frame.contentWindow || !event.data) return;
      if (event.data.type === "size") {
        // The frame is as tall as the page it shows, up to 40 rem (then it scrolls).
        var most = 40 * parseFloat(getComputedStyle(html).fontSize);
        self.frame.style.height = Math.ceil(Math.min(Math.max(Number(event.data.height) || 0, 32), most)) + 2 + "px";
        return;
      }
      if (event.data.type !== "request") return;
      var target = new URL(event.data.path || lastPath, "http://app" + lastPath);
      var message = { type: "run", unit: unit, module: module, files: files,
        request: { method: event.data.method, path: target.pathname + target.search, follow: true } };
      if (event.data.form && event.data.method !== "GET") message.request.form = event.data.form;
      else if (event.data.form && event.data.form.length) message.request.path = target.pathname + "?" + new URLSearchParams(event.data.form);
      method.value = message.request.method;
      path.value = message.request.path;
      self.run(message);
    });

    form.addEventListener("submit", function (event) { event.preventDefault(); self.run(); });
    stop.addEventListener("click", function () { stopWorker(); });
    reset.addEventListener("click", function () {
      files = Object.assign({}, original);
      cw.store.remove(storageKey(unit));
      showFile(current in files ? current : Object.keys(files)[0]);
      status.textContent = t("play.resetdone", "The example's original code is back.");
    });

    this.check = function (code) {
      return self.ready.then(function () {
        return send({ type: "check", unit: unit, module: module, files: files, code: code });
      });
    };
    this.ready = Promise.all([fetchExample(unit), loadEditor()]).then(function (loaded) {
      makeEditor(loaded[1]);
      fill(loaded[0]);
    });
    this.focus = function () { if (ed) ed.focus(); };
    this.node = node;
  }

  function panelFor(block) {
    var unit = block.dataset.example;
    var key = unit + "#" + (block.id || (block.id = "example-" + Math.random().toString(36).slice(2)));
    if (!panels[key]) {
      if (unit === "inline") {
        unit = "inline-" + key;
        examples[unit] = Promise.resolve({ unit: unit, module: "example", files: { "example.py": (block.querySelector("code") || block).innerText } });
      }
      panels[key] = new Panel(block, unit);
    }
    return panels[key];
  }

  // ---- Exercise checks ----------------------------------------------------------------
  function check(box) {
    var exercise = box.closest(".exercise") || box.parentNode;
    var unit = box.dataset.example;
    var block = Array.prototype.filter.call(doc.querySelectorAll(".highlight[data-example]"), function (b) {
      return b.dataset.example === unit;
    })[0];
    var panel = block ? panelFor(block) : null;
    var list = exercise.querySelector(".check-results") || el("ul", { className: "check-results" });
    box.after(list);
    if (!panel) { list.textContent = t("play.noexample", "The example to check is not on this page."); return; }
    panel.ready.then(function () {
      panel.node.scrollIntoView({ block: "nearest" });
      return panel.check(box.querySelector("code").textContent);
    }).then(function (result) {
      list.textContent = "";
      var results = result.results || [];
      if (!result.ok) results = [{ passed: false, message: result.traceback }];
      results.forEach(function (item) {
        var entry = el("li", { className: item.passed ? "is-passed" : "is-failed" });
        entry.appendChild(el("span", { className: "check-mark" }, item.passed ? "✓ " + t("play.passed", "Passed") + ": " : "✗ " + t("play.failed", "Not yet") + ": "));
        entry.appendChild(doc.createTextNode(item.message));
        list.appendChild(entry);
      });
      var passed = results.length > 0 && results.every(function (item) { return item.passed; });
      cw.announce(passed ? t("play.allpassed", "All checks passed.") : t("play.somefailed", "Some checks did not pass yet."));
      if (passed) cw.pass("check", box.dataset.check || unit);
    }, function () {});
  }

  window.coursewarePlayground = {
    open: function (block) {
      startWorker();  // Python starts loading while the editor and the example arrive
      var panel = panelFor(block);
      panel.ready.then(function () { panel.focus(); });
      return panel;
    },
    check: check,
    stop: stopWorker
  };
})();
