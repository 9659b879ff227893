// Runs learners' Flask examples in Python compiled to WebAssembly (Pyodide), off the page's
// thread. Everything is loaded from this site's static/playground/ folder; nothing leaves it.
import { loadPyodide } from "../playground/pyodide/pyodide.mjs";

const base = new URL("../playground/", import.meta.url);
let pyodide = null;
let extensionsLoaded = false;
let extensionImport = null;  // matches an import of a module of the extension wheels

function progress(stage) { self.postMessage({ type: "progress", stage: stage }); }

async function start() {
  progress("runtime");
  const manifest = await (await fetch(new URL("manifest.json", base))).json();
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
    if (result.ok && result.kind === "script") {
      result = call("run_script", message.unit, message.module, message.files);
      result.kind = "script";
    } else if (result.ok && message.type === "check") {
      result = Object.assign(call("check", message.code), { kind: result.kind });
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
