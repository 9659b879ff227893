"""Build a course with 51 languages: cold, with nothing changed, and after one edit.

``python benchmarks/languages.py [--languages 51] [--runs 3]`` copies this course's lessons
into a scratch folder, gives every lesson a translation in each of 50 more languages (the
English text under ``_translations/<code>/``, marked up to date, four of them right to
left), then times in one run: a cold build (empty render cache, new output folder), a
rebuild with nothing changed, and a rebuild after appending a paragraph to one English
lesson. Reports the pages, seconds per page of the cold build, and the sitemap's size.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from harness import (
    BUILD_PY,
    PROJECT_ROOT,
    CommandFailed,
    built_line,
    fail,
    human,
    log,
    machine_notes,
    median,
    ours_build,
    ours_env,
    run,
    table,
    workdir,
)

#: Right-to-left first, so any count includes them.
CODES = (
    "ar fa he ur es fr de it pt nl sv da nb fi pl cs sk sl hr sr bg ro hu el tr ru uk lt lv et "
    "id ms vi th hi bn ta te mr gu kn ml pa zh ja ko sw am yo zu ca"
).split()


def make_course(dest: Path, languages: int) -> Path:
    """This course's lessons with ``languages - 1`` more languages, each lesson translated."""
    lessons = dest / "lessons"
    shutil.copytree(
        PROJECT_ROOT / "lessons", lessons, ignore=shutil.ignore_patterns("_translations")
    )
    codes = CODES[: languages - 1]
    course = (lessons / "course.yml").read_text(encoding="utf-8")
    mapping = "".join(f"  {code}: Language {code}\n" for code in codes)
    head, _, tail = course.partition("languages:\n")
    rest = tail.split("\n")
    while rest and rest[0].startswith("  "):
        rest.pop(0)  # the course's own list: replaced by the benchmark's
    (lessons / "course.yml").write_text(
        head + "languages:\n  en: English\n" + mapping + "\n".join(rest), encoding="utf-8"
    )
    for code in codes:
        target = lessons / "_translations" / code
        for chapter in sorted(lessons.glob("[0-9]*")):
            if not chapter.is_dir():
                continue
            (target / chapter.name).mkdir(parents=True, exist_ok=True)
            for lesson in chapter.glob("*.md"):
                shutil.copy2(lesson, target / chapter.name / lesson.name)
            if (chapter / "chapter.yml").is_file():
                shutil.copy2(chapter / "chapter.yml", target / chapter.name / "chapter.yml")
    run(
        [sys.executable, BUILD_PY, "--lessons", lessons, "translations", "mark", "--all"],
        timeout=900,
        cwd=dest,
    )
    return lessons


def build(lessons: Path, output: Path, cache: Path, cwd: Path) -> tuple[int, int, float, float]:
    """(files, changed, seconds the build reports, wall seconds)."""
    result = run(ours_build(lessons, output), timeout=3600, env=ours_env(cache), cwd=cwd)
    parsed = built_line(result.stdout)
    if parsed is None:
        raise CommandFailed(f"no 'Built' line in:\n{result.stdout[-2000:]}")
    return (*parsed, result.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--languages", type=int, default=51)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    try:
        with workdir(args.keep, "bench-languages-") as scratch:
            log(f"making a course with {args.languages} languages")
            lessons = make_course(scratch, args.languages)
            english = sorted(lessons.glob("[0-9]*/*.md"))[3]
            colds, nothing, edits, wall_nothing = [], [], [], []
            files = 0
            for number in range(args.runs):
                output, cache = scratch / f"site-{number}", scratch / f"cache-{number}"
                files, _, seconds, _ = build(lessons, output, cache, scratch)
                colds.append(seconds)
                _, changed, seconds, wall = build(lessons, output, cache, scratch)
                nothing.append(seconds)
                wall_nothing.append(wall)
                with english.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nAn added paragraph, number {number}.\n")
                _, changed, seconds, _ = build(lessons, output, cache, scratch)
                edits.append(seconds)
                log(
                    f"run {number + 1}: cold {colds[-1]:.1f} s, nothing {nothing[-1]:.2f} s, "
                    f"one edit {edits[-1]:.2f} s ({changed} files)"
                )
            sitemap = output / "sitemap.xml"
            size = human(sitemap.stat().st_size) if sitemap.exists() else "none (no site URL)"
            unchanged = f"{median(nothing):.2f} / {median(wall_nothing):.2f}"
            rows = [
                ("pages (files)", files),
                ("cold build, median s", f"{median(colds):.1f}"),
                ("cold build, ms per file", f"{1000 * median(colds) / files:.1f}"),
                ("nothing changed, s (reported / wall)", unchanged),
                ("one English lesson edited, s", f"{median(edits):.2f}"),
                ("sitemap.xml", size),
            ]
            print(table(("measure", "value"), rows))
            print()
            print(machine_notes())
    except CommandFailed as exc:
        raise fail(exc) from None


if __name__ == "__main__":
    main()
