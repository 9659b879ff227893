"""Reading a translation: ``lessons/_translations/<lang>/`` mirrors the original's folders.

Each original lesson is shown in its translation when there is one (with its staleness
worked out from ``source_hash``, see :mod:`.translations`), otherwise the original itself,
under the language's prefix with a notice.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic, Severity
from .model import Lesson
from .paths import TRANSLATIONS
from .sources import ChapterSource, LessonSource, Reader
from .translations import changed_parts, source_parts


def translated_chapters(
    reader: Reader, originals: list[ChapterSource], lang: str, default_language: str
) -> list[ChapterSource]:
    """The chapters of one language, each lesson translated or falling back."""
    prefix = f"{lang}/"
    base_rel = f"{TRANSLATIONS}/{lang}/"
    base = reader.root / TRANSLATIONS / lang
    chapters = []
    for original in originals:
        folder = replace(
            original.folder,
            path=base / original.folder.path.name,
            relpath=base_rel + original.relpath,
        )
        has_own = (folder.path / "chapter.yml").is_file() or (folder.path / "index.md").is_file()
        if has_own:
            meta, intro = reader.read_chapter_meta(folder.path, folder.relpath, prefix, lang)
            text_lang = ""
        else:
            meta, intro, text_lang = original.meta, None, default_language
        lessons = tuple(
            _translated_lesson(reader, folder.slug, folder.relpath, folder.path, item, lang)
            for item in original.lessons
        )
        chapters.append(ChapterSource(folder, dict(meta), intro, lessons, text_lang))
    _report_orphans(reader, base, originals, lang)
    return chapters


def _translated_lesson(
    reader: Reader, slug: str, relpath: str, folder: Path, original: LessonSource, lang: str
) -> LessonSource:
    prefix = f"{lang}/"
    name = original.lesson.relpath.rsplit("/", 1)[-1]
    file = folder / name
    found = reader.read_lesson(slug, relpath, file, prefix, lang) if file.is_file() else None
    if found is not None:
        stale = _staleness(reader, found.lesson, original, lang)
        lesson = replace(
            found.lesson,
            status="stale" if stale else "translated",
            original=original.lesson.path,
            changed_sections=stale,
        )
        return LessonSource(lesson, found.render)
    fallback = replace(
        original.lesson,
        lang=lang,
        path=f"{prefix}{original.lesson.chapter_slug}/{original.lesson.slug}/",
        status="missing",
        original=original.lesson.path,
        text_lang=original.lesson.lang or reader.default_language,
    )
    render = original.render and replace(original.render, lang_prefix=prefix, lang=lang)
    return LessonSource(fallback, render)


def _staleness(reader: Reader, lesson: Lesson, original: LessonSource, lang: str) -> int:
    """How many parts of the original changed since the translation was marked; reported."""
    if original.render is None:
        return 0
    current = source_parts(original.lesson.meta, original.render.body)
    recorded = lesson.meta.get("source_hash")
    if not isinstance(recorded, str):
        command = f"python build.py translations mark {lang} {original.lesson.relpath[:-3]}"
        message = (
            "this translation does not record which version of the original it translates; "
            f"run: {command}"
        )
        reader.report(Diagnostic(lesson.source, 1, message, Severity.WARNING))
        return len(current)
    stale = changed_parts(recorded, current)
    if stale:
        plural = "s" if stale != 1 else ""
        message = f"translation is older than its original (changed: {stale} section{plural})"
        reader.report(Diagnostic(lesson.source, 1, message, Severity.WARNING))
    return stale


def _report_orphans(reader: Reader, base: Path, originals: list[ChapterSource], lang: str) -> None:
    """Translated files and folders whose original does not exist."""
    if not base.is_dir():
        return
    known = {
        original.folder.path.name: {
            item.lesson.relpath.rsplit("/", 1)[-1] for item in original.lessons
        }
        for original in originals
    }
    for entry in sorted(base.iterdir()):
        if entry.name.startswith((".", "_")) or entry.name in ("glossary.yml", "course.yml"):
            continue
        source = reader.display(f"{TRANSLATIONS}/{lang}/{entry.name}")
        if entry.is_dir() and entry.name not in known:
            reader.report(
                Diagnostic(
                    source, 0, f"there is no chapter lessons/{entry.name} for this translation"
                )
            )
            continue
        if not entry.is_dir():
            continue
        for file in sorted(entry.glob("*.md")):
            if file.name in ("index.md", "README.md") or file.name.startswith((".", "_")):
                continue
            if file.name not in known[entry.name]:
                draft = f"{entry.name}/{file.name}" in reader.drafts
                reader.report(
                    Diagnostic(
                        reader.display(f"{TRANSLATIONS}/{lang}/{entry.name}/{file.name}"),
                        0,
                        f"this translates lessons/{entry.name}/{file.name}, which is a draft; "
                        "it is published with its original"
                        if draft
                        else f"this translates lessons/{entry.name}/{file.name}, which does "
                        "not exist",
                        Severity.WARNING if draft else Severity.ERROR,
                    )
                )
