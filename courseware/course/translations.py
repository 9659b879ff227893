"""Translated courses: which lessons are translated, and which translations are out of date.

A translation mirrors the original's chapter folder and file name under
``lessons/_translations/<lang>/``. It records the version of the original it translates in
its front matter (``source_hash``, written by ``python build.py translations mark``): a short
hash of each part of the original (its front matter texts, then each ``##`` section), with
whitespace ignored. When the original changes, the parts whose hash changed say how much
there is to revisit.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from .frontmatter import decode, split_front_matter
from .model import ContentIndex, Lesson
from .paths import TRANSLATIONS
from .rendering.scan import code_lines

SECTION = re.compile(r"^##\s")
HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


def _short(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:6]


def source_parts(meta: dict, body: str) -> list[str]:
    """The hashes of an original lesson's parts: front matter texts, then each section."""
    about = [str(meta.get(key) or "") for key in ("title", "summary")]
    for key in ("objectives", "keypoints"):
        value = meta.get(key)
        about.extend(str(item) for item in value) if isinstance(value, list) else None
    parts = [_short("\n".join(about))]
    lines = body.split("\n")
    code = code_lines(lines)
    current: list[str] = []
    for index, line in enumerate(lines):
        if index not in code and SECTION.match(line):
            parts.append(_short("\n".join(current)))
            current = []
        current.append(line)
    parts.append(_short("\n".join(current)))
    return parts


def source_hash(meta: dict, body: str) -> str:
    """The value a translation's ``source_hash`` takes for this version of the original."""
    return ".".join(source_parts(meta, body))


def changed_parts(recorded: str, current: list[str]) -> int:
    """How many parts of the original changed since ``recorded`` (0: up to date)."""
    old = Counter(recorded.split("."))
    new = Counter(current)
    return max(sum((new - old).values()), sum((old - new).values()))


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    name: str
    translated: tuple[Lesson, ...]
    current: tuple[Lesson, ...]
    stale: tuple[Lesson, ...]
    missing: tuple[Lesson, ...]


def status(index: ContentIndex) -> list[LanguageStatus]:
    """For each language but the course's own: lessons translated, up to date, stale, missing."""
    found = []
    for language in index.course.languages[1:]:
        edition = index.editions.get(language.code)
        if edition is None:
            continue
        lessons = edition.lessons
        translated = tuple(lesson for lesson in lessons if lesson.status in ("translated", "stale"))
        found.append(
            LanguageStatus(
                language.code,
                language.name,
                translated,
                tuple(lesson for lesson in lessons if lesson.status == "translated"),
                tuple(lesson for lesson in lessons if lesson.status == "stale"),
                tuple(lesson for lesson in lessons if lesson.status == "missing"),
            )
        )
    return found


def original_relpath(lessons_dir: Path, lang: str, lesson: str) -> str:
    """The original lesson's path under lessons/ from any way the tools print or take it.

    ``01-basics/02-routes``, ``01-basics/02-routes.md``, ``lessons/01-basics/02-routes.md``,
    ``lessons/_translations/es/01-basics/02-routes.md`` (the translation's own path), a path
    from the current folder or an absolute one all name the same lesson.
    """
    given = lesson.strip().replace("\\", "/")
    candidate = Path(given)
    root = lessons_dir.resolve()
    try:
        resolved = candidate.resolve() if candidate.exists() or candidate.is_absolute() else None
    except OSError:
        resolved = None
    if resolved is not None and resolved.is_relative_to(root):
        relpath = resolved.relative_to(root).as_posix()
    else:
        relpath = given.strip("/")
        while relpath.startswith("./"):
            relpath = relpath[2:]
        for prefix in (f"{lessons_dir.name}/", "lessons/"):
            if relpath.startswith(prefix) and not (lessons_dir / relpath).exists():
                relpath = relpath[len(prefix) :]
                break
    parts = relpath.split("/")
    if len(parts) > 2 and parts[0] == TRANSLATIONS:
        if parts[1] != lang:
            raise BuildError(
                f"'{lesson}' is the translation into '{parts[1]}', not '{lang}'; run: "
                f"python build.py translations mark {parts[1]} {'/'.join(parts[2:])}"
            )
        relpath = "/".join(parts[2:])
    return relpath.removesuffix(".md") + ".md"


def mark(lessons_dir: Path, lang: str, lesson: str) -> Path:
    """Record in a translation which version of its original it translates.

    ``lesson`` names the original or the translation in any form the tools print (see
    :func:`original_relpath`). The file is written only when its ``source_hash`` changes.
    """
    relpath = original_relpath(lessons_dir, lang, lesson)
    original = lessons_dir / relpath
    translation = lessons_dir / TRANSLATIONS / lang / relpath
    if not original.is_file():
        raise BuildError(f"there is no lesson {lessons_dir.name}/{relpath} to translate")
    if not translation.is_file():
        raise BuildError(
            f"there is no translation {lessons_dir.name}/{TRANSLATIONS}/{lang}/{relpath} yet"
        )
    split = split_front_matter(decode(original.read_bytes(), relpath), relpath)
    value = source_hash(split.meta.data, split.body)
    text = decode(translation.read_bytes(), str(translation))
    if not text.startswith("---\n"):
        raise BuildError(f"{translation} has no front matter to record the source_hash in")
    end = text.index("\n---", 3)
    front = text[: end + 1]
    line = f'source_hash: "{value}"'
    front = HASH_LINE.sub(line, front) if HASH_LINE.search(front) else front + line + "\n"
    if front + text[end + 1 :] != text:
        translation.write_text(front + text[end + 1 :], encoding="utf-8")
    return translation


def translation_languages(lessons_dir: Path) -> list[str]:
    """The languages that have a folder under ``lessons/_translations/``."""
    base = lessons_dir / TRANSLATIONS
    if not base.is_dir():
        return []
    return sorted(
        entry.name
        for entry in base.iterdir()
        if entry.is_dir() and not entry.name.startswith((".", "_"))
    )


def translated_lessons(lessons_dir: Path, lang: str) -> list[str]:
    """The originals (paths under lessons/) that have a translation into ``lang``."""
    base = lessons_dir / TRANSLATIONS / lang
    found = []
    for file in sorted(base.glob("*/*.md")):
        relpath = file.relative_to(base).as_posix()
        if file.name in ("index.md", "README.md") or file.name.startswith((".", "_")):
            continue
        if (lessons_dir / relpath).is_file():
            found.append(relpath)
    return found
