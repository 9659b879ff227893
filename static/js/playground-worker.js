// Runs learners' Flask examples in Python compiled to WebAssembly (Pyodide), off the page's
// thread. Everything is loaded from this site's static/playground/ folder; nothing leaves it.
import { loadPyodide } from "../playground/pyodide/pyodide.mjs";

const base = new URL("../playground/", import.meta.url);
let pyodide = null;
let extensionsLoaded = false;
let extensionImport = null;  // matches an import of a module of the extension wheels

function progress(stage) { self.postMessage({ type: "progress", stage: stage }); }

// ---- Python's library, the lock file and the wheels in Cache Storage: the next visit asks
// the server for none of them, whatever the HTTP cache has kept or let expire -------------
// One cache per runtime, named by a digest of its manifest, so a rebuilt runtime starts a new
// cache and the old one is deleted (only caches of this prefix: nothing else of the site's).
const CACHE_PREFIX = "courseware-playground:";
const networkFetch = self.fetch.bind(self);
let runtimeCache = null;

async function openCache(manifestText) {
  if (!self.caches || !self.crypto || !crypto.subtle) return null;  // needs a secure context
  try {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(manifestText));
    const name = CACHE_PREFIX + new URL(base).pathname + ":" + Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
    for (const key of await caches.keys()) {
      if (key.startsWith(CACHE_PREFIX + new URL(base).pathname + ":") && key !== name) await caches.delete(key);
    }
    return await caches.open(name);
  } catch (error) {
    return null;  // private browsing, storage full: the network (and the HTTP cache) still work
  }
}

async function cachedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  if (!runtimeCache || !url.href.startsWith(base.href) || url.pathname.endsWith("/manifest.json") || url.pathname.endsWith(".wasm")) {
    // The WebAssembly stays with the HTTP cache: Chrome keeps the compiled code of a .wasm
    // fetched from it (V8's code cache) and compiles a Cache Storage copy again, which made
    // the next visit's first result 6 s slower here (BENCHMARKS.md, Playground).
    return networkFetch(input, init);
  }
  const hit = await runtimeCache.match(url.href);
  if (hit) return hit;
  const response = await networkFetch(input, init);
  if (response.ok) {
    try { await runtimeCache.put(url.href, response.clone()); } catch (error) { /* quota: fine */ }
  }
  return response;
}

async function start() {
  progress("runtime");
  const manifestText = await (await networkFetch(new URL("manifest.json", base), { cache: "no-cache" })).text();
  const manifest = JSON.parse(manifestText);
  runtimeCache = await openCache(manifestText);
  self.fetch = cachedFetch;  // Pyodide fetches its files and the wheels with fetch()
  pyodide = await loadPyodide({ indexURL: new URL("pyodide/", base).href, stdout: () => {}, stderr: () => {} });
  progress("flask");
  await pyodide.loadPackage(manifest.core.map((name) => new URL("wheels/" + name, base).href), { messageCallback: () => {} });
  const runner = await (await fetch(new URL("../js/playground_runner.py", import.meta.url))).text();
  pyodide.runPython(runner, { globals: pyodide.globals });
  self.manifest = manifest;
  // The manifest lists the modules of the extension wheels (derived from the wheels' files).
  const names = manifest.extension_modules || [];
  extensionImport = new RegExp("^\\s*(?:from|import)\\s+(?:" + names.join("|") + ")\\b", "m");
  progress("ready");
}

const ready = start();

async function withExtensions(files) {
  if (extensionsLoaded) return;
  const texts = Object.keys(files).filter((name) => name.endsWith(".py")).map((name) => files[name]);
  if (!texts.some((text) => extensionImport.test(text))) return;
  progress("extensions");
  await pyodide.loadPackage(self.manifest.extensions.map((name) => new URL("wheels/" + name, base).href), { messageCallback: () => {} });
  extensionsLoaded = true;
}

function call(name, ...args) {
  const fn = pyodide.globals.get(name);
  try {
    // JS null would arrive as pyodide.ffi.jsnull; undefined arrives as None.
    const result = fn(...args.map((value) => (value === null ? undefined
      : typeof value === "object" ? pyodide.toPy(value) : value)));
    const plain = result.toJs({ dict_converter: Object.fromEntries });
    result.destroy();
    return plain;
  } finally {
    fn.destroy();
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    await ready;
    await withExtensions(message.files || {});
    let result = call("load", message.unit, message.module, message.files);
    if (result.ok && message.type === "check") {
      // before "script": an exercise may check a program that is not a web app
      result = Object.assign(call("check", message.code), { kind: result.kind });
    } else if (result.ok && result.kind === "script") {
      result = call("run_script", message.unit, message.module, message.files);
      result.kind = "script";
    } else if (result.ok && message.command) {
      result = Object.assign(call("command", message.command), { kind: result.kind });
    } else if (result.ok) {
      const request = message.request;
      const loadOutput = result.stdout || "";
      result = Object.assign(call("request", request.method, request.path, request.form || null,
        request.json || null, !!request.follow), { kind: result.kind });
      result.stdout = loadOutput + (result.stdout || "");
    }
    self.postMessage({ type: "result", id: message.id, result: result });
  } catch (error) {
    self.postMessage({ type: "result", id: message.id, result: { ok: false, traceback: String(error && error.message || error) } });
  }
};
