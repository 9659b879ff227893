// Holds static/js/search.js against the golden vectors that tests/test_search_vectors.py holds
// the Python search against: text -> tokens, and query -> ranked results over a built site.
// Usage: node tests/search/search_vectors.mjs VECTORS.json SITE_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const [vectorsFile, site] = process.argv.slice(2);
const vectors = JSON.parse(readFileSync(vectorsFile, "utf8"));
const code = readFileSync(new URL("../../static/js/search.js", import.meta.url), "utf8");

// search.js as a page of the site in `lang` would run it: no search box, files from `site`.
function load(lang) {
  const prefix = lang === "en" ? "" : lang + "/";
  const documentElement = { lang, dataset: { root: "/", search: prefix + "search/", pageEnd: "" } };
  const window = {};
  const context = {
    window,
    document: { documentElement, getElementById: () => null, querySelectorAll: () => [], createElement: () => ({}) },
    location: { search: "" },
    URLSearchParams,
    fetch: async (url) => ({
      ok: true,
      json: async () => JSON.parse(readFileSync(join(site, url), "utf8")),
    }),
  };
  vm.runInNewContext(code, context);
  return window.coursewareSearch;
}

const engines = {};
const engine = (lang) => (engines[lang] ||= load(lang));
let passed = 0;
let failed = 0;
function expect(label, actual, wanted) {
  const a = JSON.stringify(actual), w = JSON.stringify(wanted);
  if (a === w) { passed++; return; }
  failed++;
  console.log(`FAIL ${label}\n  got:    ${a}\n  wanted: ${w}`);
}
for (const item of vectors.tokens) {
  expect(`tokens ${item.lang} ${JSON.stringify(item.text)}`, engine(item.lang).tokens(item.text), item.terms);
}
for (const item of vectors.queries) {
  const results = await engine(item.lang).search(item.query);
  const shown = results.map((r) => [
    // the address without "?h=words", which asks the opened lesson to mark them (site.js)
    r.url.slice(1).split("#")[0].split("?")[0], r.anchor, r.section,
    r.snippet.map((piece) => (piece[1] ? "[" + piece[0] + "]" : piece[0])).join(""),
  ]);
  expect(`query ${item.lang} ${JSON.stringify(item.query)}`, shown, item.results);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
