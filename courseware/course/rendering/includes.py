"""``--8<-- "file"`` lines: show a real file (or a marked part of it) instead of a copy.

The path is relative to the lesson file and must stay inside ``lessons/``. A translated lesson
that has no copy of the file uses the original's, so examples are written once.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path
from typing import NamedTuple

from ...errors import ContentError
from ..frontmatter import read_limited

INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<file>[^":]+)(?::(?P<section>[\w.-]+))?"[ \t]*$'
)
MARKER = re.compile(r"--8<--\s*\[(?P<kind>start|end):(?P<name>[\w.-]+)\]")
TRANSLATIONS = "_translations"
CHECK_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*check[ \t]+(?P<info>[^`\n]*)$")


class IncludeError(Exception):
    """An include line that cannot be honoured; the message says why."""


class CheckInfo(NamedTuple):
    """What a check fence says: the example it checks and the folder of its solution."""

    target: str
    solution: str | None


def parse_check_info(info: str) -> CheckInfo:
    """``check examples/app.py solution=examples/solutions/x`` → its parts.

    Raises IncludeError for words it does not know, so a typo is not silently ignored.
    """
    try:
        words = shlex.split(info)
    except ValueError as exc:
        raise IncludeError(f"cannot read the check's fence: {exc}") from None
    words = words[1:] if words and words[0].lower() == "check" else words
    target = words[0] if words and "=" not in words[0] else ""
    solution = None
    for word in words[1 if target else 0 :]:
        key, sep, value = word.partition("=")
        if key == "solution" and sep and value:
            solution = value
        else:
            raise IncludeError(
                f"unknown option '{word}' on a check fence; it takes the example's path "
                "and solution=FOLDER"
            )
    return CheckInfo(target, solution)


def lesson_bases(lesson_relpath: str) -> list[Path]:
    """Where paths in a lesson are looked up: its folder, then a translation's original's."""
    bases = [Path(lesson_relpath).parent]
    parts = Path(lesson_relpath).parts
    if len(parts) > 2 and parts[0] == TRANSLATIONS:
        bases.append(Path(*parts[2:]).parent)
    return bases


def resolve(lessons_dir: Path, lesson_relpath: str, target: str) -> tuple[Path, str]:
    """Find ``target`` as seen from the lesson; return the file and its path under lessons/."""
    root = lessons_dir.resolve()
    for base in lesson_bases(lesson_relpath):
        candidate = (root / base / target).resolve()
        if not candidate.is_relative_to(root):
            raise IncludeError(f"'{target}' is outside the lessons folder")
        if candidate.is_file():
            return candidate, candidate.relative_to(root).as_posix()
    raise IncludeError(f"included file '{target}' does not exist")


def read_include(lessons_dir: Path, lesson_relpath: str, target: str, section: str | None) -> str:
    """The text an include line stands for."""
    file, _ = resolve(lessons_dir, lesson_relpath, target)
    try:
        data = read_limited(file, target)
    except ContentError as exc:
        raise IncludeError(f"cannot include '{target}': {exc.diagnostic.message}") from None
    except OSError as exc:
        raise IncludeError(f"cannot read '{target}': {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is no part of the code shown
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IncludeError(
            f"'{target}' is not UTF-8 text (line {line}); save it with UTF-8 encoding"
        ) from None
    if "\r" in text:  # Windows line endings would end every line of the code with \r
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return section_of(text, section, target)


def section_of(text: str, section: str | None, target: str) -> str:
    """The lines between a section's start and end markers, or the whole file without markers."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if section is None:
        return "\n".join(line for line in lines if not MARKER.search(line))
    chosen: list[str] = []
    inside = found = False
    for line in lines:
        marker = MARKER.search(line)
        if marker and marker["name"] == section:
            found = True
            inside = marker["kind"] == "start"
            continue
        if inside and not marker:
            chosen.append(line)
    if not found:
        raise IncludeError(
            f"'{target}' has no section '{section}' (mark it with '--8<-- [start:{section}]')"
        )
    return textwrap.dedent("\n".join(chosen))


def included_files(lessons_dir: Path, lesson_relpath: str, body: str) -> list[Path]:
    """The files a lesson includes that exist; the render cache hashes their contents too."""
    files = []
    for line in _lines_holding(body, ("--8<--", "```", "~~~")):
        check = CHECK_FENCE.match(line) if "check" in line else None
        if check:
            files.extend(_check_files(lessons_dir, lesson_relpath, check["info"]))
            continue
        match = INCLUDE.match(line) if "--8<--" in line else None
        if match:
            try:
                files.append(resolve(lessons_dir, lesson_relpath, match["file"])[0])
            except IncludeError:
                continue
    return files


def _lines_holding(text: str, markers: tuple[str, ...]) -> list[str]:
    """The lines of ``text`` (split at ``\\n``) that hold any of ``markers``, in order.

    A render-cache key is made for every lesson of every build; finding the few lines that
    can be include lines or check fences with ``str.find`` takes a fraction of the time of
    looking at every line (or of a pattern tried at every character).
    """
    found: dict[int, str] = {}
    for marker in markers:
        position = text.find(marker)
        while position >= 0:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            found[start] = text[start:end]
            position = text.find(marker, end)
    return [found[start] for start in sorted(found)]


def _check_files(lessons_dir: Path, lesson_relpath: str, info: str) -> list[Path]:
    """What a check fence reads: the example it names and its solution folder's files.

    Missing ones are listed too (their hash is "missing"), so creating them changes the key.
    """
    root = lessons_dir.resolve()
    try:
        check = parse_check_info(info)
    except IncludeError:
        return []  # the renderer reports it
    files = []
    for path in (check.target, check.solution):
        if not path:
            continue
        for base in lesson_bases(lesson_relpath):
            candidate = (root / base / path).resolve()
            if not candidate.is_relative_to(root):
                continue
            files.append(candidate)
            if candidate.is_dir():
                files.extend(sorted(file for file in candidate.rglob("*") if file.is_file()))
    return files
