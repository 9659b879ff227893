"""Time full static builds of the same course: ours (cold and warm render cache) vs MkDocs.

``python benchmarks/build_vs_mkdocs.py [--lessons 1000] [--runs 3]`` generates (or reuses) a
corpus, builds it once each way untimed (to warm the OS file cache and Python's bytecode),
then runs the builds alternating: ours with a cold cache, MkDocs, ours with a warm cache.
Every build writes into a new, empty output folder. A Markdown report goes to stdout.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from corpus import Corpus, add_corpus_arguments, corpus_for
from harness import (
    PROJECT_ROOT,
    SNAPSHOT_HELP,
    CommandFailed,
    Run,
    TreeSize,
    built_line,
    code_fingerprint,
    code_note,
    fail,
    log,
    machine_notes,
    median,
    mib,
    mkdocs_build,
    ours_build,
    ours_env,
    run,
    snapshot_code,
    table,
    tree_size,
    workdir,
)

KINDS = ("ours-cold", "mkdocs", "ours-warm")
LABELS = {"ours-cold": "ours, cold cache", "mkdocs": "MkDocs", "ours-warm": "ours, warm cache"}


@dataclass
class Results:
    runs: dict[str, list[Run]]
    sizes: dict[str, TreeSize]
    search: dict[str, TreeSize]


def _build(
    kind: str, corpus: Corpus, scratch: Path, root: Path, timeout: float
) -> tuple[Run, Path]:
    """One build into a new folder; ``root`` holds the code (the checkout or a snapshot)."""
    output = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=scratch)) / "site"
    if kind == "mkdocs":
        return run(mkdocs_build(corpus.mkdocs_config, output), timeout=timeout, cwd=scratch), output
    warm_cache = scratch / "warm-cache"
    cache = warm_cache if kind == "ours-warm" else Path(tempfile.mkdtemp(dir=scratch)) / "cache"
    command = ours_build(corpus.lessons_dir, output, root)
    return run(command, timeout=timeout, env=ours_env(cache), cwd=scratch), output


def measure(corpus: Corpus, scratch: Path, root: Path, runs: int, timeout: float) -> Results:
    """Warm up, then build ``runs`` times each way, alternating; measure the first outputs."""
    results = Results({kind: [] for kind in KINDS}, {}, {})
    log("warm-up: one untimed build each way (fills the warm render cache)")
    for kind in ("ours-warm", "mkdocs"):
        _, output = _build(kind, corpus, scratch, root, timeout)
        shutil.rmtree(output.parent)
    for number in range(1, runs + 1):
        for kind in KINDS:
            done, output = _build(kind, corpus, scratch, root, timeout)
            results.runs[kind].append(done)
            log(f"run {number}/{runs}: {kind:9} {done.seconds:7.2f} s")
            if kind not in results.sizes:
                results.sizes[kind] = tree_size(output)
                search = output / "search"
                empty = TreeSize(0, 0, 0, 0)
                results.search[kind] = tree_size(search) if search.is_dir() else empty
            shutil.rmtree(output.parent)
    return results


def report(corpus: Corpus, results: Results, runs: int, code: str, root: Path) -> str:
    wall = {kind: [r.seconds for r in results.runs[kind]] for kind in KINDS}
    medians = {kind: median(values) for kind, values in wall.items()}
    per_run: list[list[object]] = [
        [number + 1, *(wall[kind][number] for kind in KINDS)] for number in range(runs)
    ]
    inner = [built_line(r.stdout) for r in results.runs["ours-cold"] + results.runs["ours-warm"]]
    timings = [
        [label, medians[kind], min(wall[kind]), medians[kind] / medians["mkdocs"]]
        for kind, label in LABELS.items()
    ]
    rss = [
        [label, f"{max(r.max_rss_kib for r in results.runs[kind]) / 1024:.0f} MiB"]
        for kind, label in LABELS.items()
    ]
    sizes = []
    for kind, label in (("ours-cold", "ours"), ("mkdocs", "MkDocs")):
        size, search = results.sizes[kind], results.search[kind]
        sizes.append(
            [
                label,
                mib(size.bytes),
                size.files,
                mib(size.html_bytes),
                size.html_files,
                f"{size.html_bytes / max(1, size.html_files) / 1024:.1f} KiB",
                f"{mib(search.bytes)} in {search.files} files",
            ]
        )
    inner_note = ", ".join(f"{line[2]:.2f}" for line in inner if line)
    return "\n\n".join(
        [
            f"## Full build: ours vs MkDocs, {corpus.lessons} lessons",
            machine_notes(),
            code_note(code, root),
            f"Wall time of each build in seconds (runs alternate left to right; {runs} runs):",
            table(["run", "ours, cold cache", "MkDocs", "ours, warm cache"], per_run),
            table(["build", "median s", "min s", "ratio of medians to MkDocs"], timings),
            f"Our build's own timing (no interpreter start-up), cold then warm: {inner_note} s",
            "Largest resident set of any process of the build (ours renders on a process pool):",
            table(["build", "max RSS"], rss),
            "Output:",
            table(
                ["site", "total", "files", "HTML", "HTML files", "mean HTML file", "search index"],
                sizes,
            ),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--runs", type=int, default=3, help="timed builds each way (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep outputs and caches here")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    parser.add_argument("--snapshot", action="store_true", help=SNAPSHOT_HELP)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    corpus = corpus_for(args)
    with workdir(args.workdir, "bench-build-") as scratch:
        root = snapshot_code(scratch / "code") if args.snapshot else PROJECT_ROOT
        code = code_fingerprint(root)
        try:
            results = measure(corpus, scratch, root, args.runs, args.timeout)
        except CommandFailed as exc:
            raise fail(exc) from None
        print(report(corpus, results, args.runs, code, root))


if __name__ == "__main__":
    main()
