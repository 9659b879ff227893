"""How fast search answers in the browser on the 1,000-lesson static site.

``python benchmarks/search_speed.py`` builds the corpus site (or takes ``--site``), serves it on
loopback with ``static_server.py`` and drives Chromium. After the search script and its
``meta.json`` are loaded (what a learner's first keystroke in the search box triggers), each
query is timed three ways:

- first: ``coursewareSearch.search(query)`` when the term shards and result files it needs
  still have to be fetched from the server;
- again: the same query once those files are in memory (pure ranking and snippet work);
- typed: from typing the query into the header's search box until its result list shows,
  which includes the box's 80 ms pause for more typing.

Needs Playwright (test extra) and Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_corpus_arguments, corpus_for  # noqa: E402
from harness import (  # noqa: E402
    CommandFailed,
    fail,
    log,
    machine_notes,
    ours_build,
    ours_env,
    run,
    table,
    workdir,
)
from load import static_site  # noqa: E402

#: Words and phrases from the corpus's vocabulary: single terms, pairs, common and rarer ones.
QUERIES = (
    "template",
    "blueprint",
    "database session",
    "password hash",
    "test client",
    "error handler",
    "json payload",
    "cookie",
    "url rules",
    "migration",
    "login manager",
    "configuration value",
)

#: Runs in the page: the search function's own time for each query, cold then warm.
TIME_SEARCHES = """async (queries) => {
  const search = window.coursewareSearch.search;
  const out = [];
  for (const query of queries) {
    let started = performance.now();
    const results = await search(query);
    const first = performance.now() - started;
    started = performance.now();
    await search(query);
    out.push({query, results: results.length, first, again: performance.now() - started});
  }
  return out;
}"""

#: Runs in the page: type a query into the search box and wait for its result list.
TIME_TYPING = """(query) => new Promise((resolve) => {
  const box = document.getElementById("search-input");
  const list = document.getElementById("search-options");
  box.value = "";
  list.textContent = "";
  const started = performance.now();
  const seen = new MutationObserver(() => {
    if (!list.querySelector("[role=option]")) return;
    seen.disconnect();
    resolve(performance.now() - started);
  });
  seen.observe(list, {childList: true});
  box.value = query;
  box.dispatchEvent(new Event("input", {bubbles: true}));
})"""


def measure(url: str) -> tuple[float, list[dict[str, float]], list[float]]:
    """One browser session: (seconds to load the search, per-query timings, typed timings)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        loaded = page.evaluate(
            """async () => {
              const started = performance.now();
              document.getElementById("search-input").focus();
              while (!window.coursewareSearch) await new Promise((r) => setTimeout(r, 5));
              await window.coursewareSearch.search("zzzz");  // fetches meta.json only
              return performance.now() - started;
            }"""
        )
        timings = page.evaluate(TIME_SEARCHES, list(QUERIES))
        # Typed queries use other words' shards too, so they run after the warm-up above.
        typed = [page.evaluate(TIME_TYPING, query) for query in QUERIES]
        browser.close()
    return loaded / 1000, timings, typed


def report(lessons: int | None, sessions: list[tuple[float, list[dict], list[float]]]) -> str:
    rows = []
    for index, query in enumerate(QUERIES):
        firsts = [timings[index]["first"] for _, timings, _ in sessions]
        agains = [timings[index]["again"] for _, timings, _ in sessions]
        typed = [typed[index] for _, _, typed in sessions]
        results = sessions[0][1][index]["results"]
        rows.append(
            [
                query,
                results,
                f"{statistics.median(firsts):.1f}",
                f"{statistics.median(agains):.1f}",
                f"{statistics.median(typed):.1f}",
            ]
        )
    every = {
        "first": [t["first"] for _, timings, _ in sessions for t in timings],
        "again": [t["again"] for _, timings, _ in sessions for t in timings],
        "typed": [t for _, _, typed in sessions for t in typed],
    }
    loads = [loaded for loaded, _, _ in sessions]
    size = f"{lessons} lessons" if lessons else "the given site"
    return "\n\n".join(
        [
            f"## Search speed in the browser, {size}",
            machine_notes(),
            f"Chromium, {len(sessions)} sessions, static site on loopback. Loading the search "
            f"script and meta.json after focusing the box: median "
            f"{statistics.median(loads) * 1000:.0f} ms.",
            "Milliseconds per query (median of the sessions):",
            table(["query", "results", "first (fetches shards)", "again", "typed → list"], rows),
            f"Over all queries and sessions: first median {statistics.median(every['first']):.1f}"
            f" ms (max {max(every['first']):.1f}), again median "
            f"{statistics.median(every['again']):.1f} ms (max {max(every['again']):.1f}), "
            f"typed → list median {statistics.median(every['typed']):.1f} ms "
            f"(max {max(every['typed']):.1f}; includes the box's 80 ms pause).",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument("--runs", type=int, default=3, help="browser sessions (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep the built site here")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the build")
    args = parser.parse_args(argv)
    with workdir(args.workdir, "bench-search-") as scratch:
        lessons = None
        site = args.site
        if site is None:
            corpus = corpus_for(args)
            lessons = corpus.lessons
            site = scratch / "site"
            log("building the site ...")
            try:
                run(
                    ours_build(corpus.lessons_dir, site),
                    timeout=args.timeout,
                    env=ours_env(scratch / "cache"),
                )
            except CommandFailed as exc:
                raise fail(exc) from None
        sessions = []
        with static_site(site) as url:
            for number in range(args.runs):
                log(f"session {number + 1} of {args.runs} ...")
                sessions.append(measure(url))
    print(report(lessons, sessions))


if __name__ == "__main__":
    main()
