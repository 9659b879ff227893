"""Time rebuilding our static site after editing one lesson, and count the files it rewrites.

``python benchmarks/rebuild.py [--lessons 1000] [--runs 3]`` copies the corpus's lessons into a
scratch folder (the shared corpus is never edited), builds once to fill the render cache and the
output, rebuilds once with no change, then runs edit-and-rebuild cycles: append a paragraph to
one lesson (a different one each cycle), rebuild into the same output folder, and compare the
output before and after by modification time and by content. ``--mkdocs`` also times MkDocs
rebuilding after the same edits (it has no incremental build).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import prose
from corpus import add_corpus_arguments, corpus_for
from harness import (
    PROJECT_ROOT,
    SNAPSHOT_HELP,
    CommandFailed,
    Run,
    built_line,
    code_fingerprint,
    code_note,
    fail,
    log,
    machine_notes,
    median,
    mkdocs_build,
    ours_build,
    ours_env,
    run,
    snapshot_code,
    table,
    workdir,
)

Snapshot = dict[str, tuple[int, str]]


@dataclass(frozen=True)
class Changes:
    """How an output folder differs from an earlier snapshot of it."""

    mtime: int  #: files that exist in both with a different modification time
    content: int  #: files that exist in both with different bytes
    added: int
    removed: int
    where: str  #: where the files with new content are, e.g. ``search/t/ 94, pages 1``


def snapshot(folder: Path) -> Snapshot:
    """Every file's modification time and content hash, by path relative to ``folder``."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(folder).as_posix()] = (path.stat().st_mtime_ns, digest)
    return found


def compare(before: Snapshot, after: Snapshot) -> Changes:
    both = before.keys() & after.keys()
    changed = [name for name in sorted(both) if before[name][1] != after[name][1]]
    return Changes(
        mtime=sum(before[name][0] != after[name][0] for name in both),
        content=len(changed),
        added=len(after.keys() - before.keys()),
        removed=len(before.keys() - after.keys()),
        where=_where(changed),
    )


def _where(names: list[str]) -> str:
    """Group changed files: HTML pages, and other files by folder (two levels deep)."""
    groups = Counter(
        "pages" if name.endswith(".html") else name.rsplit("/", 1)[0] + "/" if "/" in name else name
        for name in names
    )
    parts = [f"{group} {count}" for group, count in groups.most_common(4)]
    if len(groups) > 4:
        parts.append(f"{len(groups) - 4} more")
    return ", ".join(parts) or "-"


def edit(lesson: Path, cycle: int) -> None:
    """Append a paragraph of new text to a lesson, as an author would."""
    text = prose.paragraph(random.Random(f"rebuild-edit/{cycle}"))
    with lesson.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(f"\n{text}\n")


def _timed(
    command: list[str | Path],
    output: Path,
    timeout: float,
    cwd: Path,
    env: dict[str, str] | None = None,
) -> tuple[Run, Changes]:
    """Run a build and compare its output folder before and after."""
    before = snapshot(output) if output.exists() else {}
    done = run(command, timeout=timeout, env=env, cwd=cwd)
    return done, compare(before, snapshot(output))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(parser)
    parser.add_argument("--runs", type=int, default=3, help="edit-and-rebuild cycles (default 3)")
    parser.add_argument("--workdir", type=Path, help="keep the copy, outputs and cache here")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    parser.add_argument("--mkdocs", action="store_true", help="also time MkDocs rebuilds")
    parser.add_argument("--snapshot", action="store_true", help=SNAPSHOT_HELP)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    corpus = corpus_for(args)
    with workdir(args.workdir, "bench-rebuild-") as scratch:
        root = snapshot_code(scratch / "code") if args.snapshot else PROJECT_ROOT
        try:
            print(measure(corpus.root, scratch, root, args))
        except CommandFailed as exc:
            raise fail(exc) from None


def measure(corpus_root: Path, scratch: Path, root: Path, args: argparse.Namespace) -> str:
    """Run the builds and return the Markdown report; ``root`` holds the code to build with."""
    code = code_fingerprint(root)
    lessons, docs = scratch / "src" / "lessons", scratch / "src" / "mkdocs"
    for folder in (lessons, docs):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(corpus_root / "lessons", lessons)
    if args.mkdocs:
        shutil.copytree(corpus_root / "mkdocs", docs)
    output, cache = scratch / "out" / "site", scratch / "cache"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = ours_env(cache)
    build = ours_build(lessons, output, root)
    log("first build (cold cache, empty output)")
    first, _ = _timed(build, output, args.timeout, env=env, cwd=scratch)
    log(f"  {first.seconds:.2f} s; rebuild with no change")
    same, same_changes = _timed(build, output, args.timeout, env=env, cwd=scratch)
    log(f"  {same.seconds:.2f} s")
    files = sorted(p.relative_to(lessons).as_posix() for p in lessons.glob("*/*.md"))
    site = scratch / "out" / "mkdocs-site"
    if args.mkdocs:
        shutil.rmtree(site, ignore_errors=True)
        log("first MkDocs build")
        run(mkdocs_build(docs / "mkdocs.yml", site), timeout=args.timeout, cwd=scratch)
    rows: list[list[object]] = [_row("(none)", same, same_changes)]
    cycles: list[Run] = []
    mkdocs_rows: list[list[object]] = []
    mkdocs_seconds: list[float] = []
    for cycle in range(1, args.runs + 1):
        relpath = files[cycle * len(files) // (args.runs + 1)]
        edit(lessons / relpath, cycle)
        done, changes = _timed(build, output, args.timeout, env=env, cwd=scratch)
        cycles.append(done)
        rows.append(_row(relpath, done, changes))
        log(f"cycle {cycle}/{args.runs}: edited {relpath}, rebuilt in {done.seconds:.2f} s")
        if args.mkdocs:
            edit(docs / "docs" / relpath, cycle)
            command = mkdocs_build(docs / "mkdocs.yml", site)
            done, changes = _timed(command, site, args.timeout, cwd=scratch)
            mkdocs_seconds.append(done.seconds)
            mkdocs_rows.append([cycle, done.seconds, changes.mtime, changes.content, changes.where])
            log(f"  MkDocs rebuilt in {done.seconds:.2f} s")
    parts = [
        f"## Rebuild after editing one lesson, {len(files)} lessons",
        machine_notes(),
        code_note(code, root),
        f"First build (cold cache): {first.seconds:.2f} s. "
        f"Median edit-and-rebuild: **{median([c.seconds for c in cycles]):.2f} s** "
        f"over {len(cycles)} cycles.",
        "Files compared with the output before each rebuild (first row: no edit at all):",
        table(
            ["lesson edited", "s", "build says changed", "mtime changed", "content changed",
             "added", "removed", "new content in"],
            rows,
        ),
    ]  # fmt: skip
    if mkdocs_rows:
        parts += [
            f"MkDocs after the same edits (full builds), median {median(mkdocs_seconds):.2f} s:",
            table(
                ["cycle", "s", "mtime changed", "content changed", "new content in"], mkdocs_rows
            ),
        ]
    return "\n\n".join(parts)


def _row(relpath: str, done: Run, changes: Changes) -> list[object]:
    line = built_line(done.stdout)
    said = line[1] if line else "?"
    return [
        relpath,
        done.seconds,
        said,
        changes.mtime,
        changes.content,
        changes.added,
        changes.removed,
        changes.where,
    ]


if __name__ == "__main__":
    main()
