"""The rendering floor: Python-Markdown and Pygments over every lesson body, nothing else.

``python benchmarks/floor.py [--lessons 1000] [--runs 3]`` times, alternating in one run, two
commands on the same copy of the corpus:

- **floor**: a fresh Python process reads every lesson, drops its front matter and converts
  the body with Python-Markdown and the same extensions and settings as our renderer
  (``courseware.course.rendering.EXTENSIONS``, Pygments highlighting included), on all cores
  (a process pool), writing one HTML fragment per lesson and nothing else: no front matter
  parsing, no checks, no search index, no navigation, no templates, no pages.
- **ours**: ``python build.py`` of the same lessons into a new folder with an empty render
  cache (a cold build: everything our build does).

It prints the medians and the ratio ours / floor (issue 23's target: at most 1.25).
``python benchmarks/floor.py --floor-only DIR`` runs just the floor over ``DIR/lessons``
(this is what the timed floor command is).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus import add_corpus_arguments, corpus_for
from harness import (
    PROJECT_ROOT,
    CommandFailed,
    code_fingerprint,
    code_note,
    fail,
    log,
    machine_notes,
    median,
    ours_build,
    ours_env,
    run,
    table,
    workdir,
)

_md = None


def _convert(job: tuple[Path, Path]) -> int:
    """Convert one lesson body to an HTML fragment; returns the fragment's length."""
    global _md
    if _md is None:
        import markdown

        sys.path.insert(0, str(PROJECT_ROOT))
        from courseware.course.rendering import EXTENSION_CONFIGS, EXTENSIONS

        _md = markdown.Markdown(
            extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
    source, target = job
    text = source.read_text(encoding="utf-8")
    if text.startswith("---\n"):  # the front matter is not the floor's business
        end = text.find("\n---\n", 4)
        text = text[end + 5 :] if end >= 0 else text
    html = _md.reset().convert(text)
    target.write_text(html, encoding="utf-8")
    return len(html)


def floor(corpus: Path, output: Path) -> float:
    """Render every lesson body under ``corpus/lessons`` into ``output``, on all cores."""
    started = time.perf_counter()
    lessons = corpus / "lessons"
    jobs = []
    for source in sorted(lessons.rglob("*.md")):
        if source.name.startswith(("_", ".")):
            continue
        target = output / source.relative_to(lessons).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        jobs.append((source, target))
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        sizes = list(pool.map(_convert, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    seconds = time.perf_counter() - started
    print(f"floor: {len(jobs)} fragments, {sum(sizes)} characters in {seconds:.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each (3)")
    parser.add_argument("--timeout", type=float, default=900, help="per command, seconds")
    parser.add_argument("--floor-only", type=Path, metavar="DIR", help="just render DIR/lessons")
    parser.add_argument("--output", type=Path, help="with --floor-only: where fragments go")
    parser.add_argument("--workdir", type=Path, help="keep the outputs and caches here")
    options = parser.parse_args()
    if options.floor_only:
        floor(options.floor_only, options.output or options.floor_only / "floor-out")
        return

    corpus = corpus_for(options).root
    code = code_fingerprint()
    with workdir(options.workdir, "bench-floor-") as scratch:
        times: dict[str, list[float]] = {"floor": [], "ours": []}
        try:
            for number in range(1, options.runs + 1):
                log(f"run {number}/{options.runs}: floor")
                done = run(
                    [
                        sys.executable,
                        Path(__file__).resolve(),
                        "--floor-only",
                        corpus,
                        "--output",
                        scratch / f"floor-{number}",
                    ],
                    timeout=options.timeout,
                    env=ours_env(scratch / "unused-cache"),
                )
                times["floor"].append(done.seconds)
                log(f"run {number}/{options.runs}: ours, cold cache")
                done = run(
                    ours_build(corpus / "lessons", scratch / f"ours-{number}" / "site"),
                    timeout=options.timeout,
                    env=ours_env(scratch / f"cache-{number}"),
                )
                times["ours"].append(done.seconds)
        except CommandFailed as exc:
            raise fail(exc) from None
        rows = [
            [name, f"{median(v):.2f}", f"{min(v):.2f}", " ".join(f"{x:.2f}" for x in v)]
            for name, v in times.items()
        ]
        ratio = median(times["ours"]) / median(times["floor"])
        print("# The rendering floor\n")
        print(machine_notes())
        print(code_note(code))
        print(table(["command", "median s", "min s", "runs"], rows))
        print(f"\nours / floor (medians): **{ratio:.2f}** (target ≤ 1.25)")


if __name__ == "__main__":
    main()
