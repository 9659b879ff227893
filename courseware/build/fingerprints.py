"""What each page of the static site depends on, as a hash: equal hash, equal page.

An incremental build keeps the previous file of every page whose fingerprint did not change
and renders only the others. A fingerprint covers the page's own content, the navigation
around it (its chapter's lessons, previous and next), the templates, static files and code,
and the build settings; pages that show the whole course (home, search, summaries) depend
on everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from flask import Flask

from ..config import PROJECT_ROOT
from ..course.model import Chapter, ContentIndex, Edition, Lesson

CODE_FOLDERS = ("courseware", "templates", "static")


def _hash(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@cache
def _code_version(root: Path) -> str:
    """The code, templates and static files that shape every page."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for file in sorted((root / folder).rglob("*")):
            # The playground's runtime is data, not code: its files have their own fingerprints.
            if (
                file.is_file()
                and "__pycache__" not in file.parts
                and "playground" not in file.parts
            ):
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _lesson_nav(lesson: Lesson | None) -> tuple[object, ...]:
    if lesson is None:
        return ()
    return (
        lesson.path,
        lesson.title,
        lesson.draft,
        lesson.error is not None,
        lesson.status,
        lesson.text_lang,
    )


def _lesson_self(lesson: Lesson) -> tuple[object, ...]:
    return (
        *_lesson_nav(lesson),
        lesson.content_hash,
        lesson.summary,
        lesson.objectives,
        lesson.keypoints,
        lesson.minutes,
        lesson.exercises_minutes,
        lesson.tags,
    )


def _chapter_nav(chapter: Chapter) -> tuple[object, ...]:
    lessons = tuple(_lesson_nav(lesson) for lesson in chapter.lessons)
    return (chapter.path, chapter.title, chapter.text_lang, lessons)


def _chapter_self(chapter: Chapter) -> tuple[object, ...]:
    intro = chapter.intro.html if chapter.intro else ""
    return (
        chapter.path,
        chapter.title,
        chapter.text_lang,
        chapter.summary,
        intro,
        tuple(_lesson_self(lesson) for lesson in chapter.lessons),
    )


def page_fingerprints(app: Flask, index: ContentIndex, files: Iterable[str]) -> dict[str, str]:
    """A fingerprint for every URL the site has; ``files`` are the non-page URLs."""
    config = app.config
    settings = tuple(
        (key, str(config.get(key)))
        for key in ("COURSEWARE_LINK_STYLE", "COURSEWARE_BASE_URL", "COURSEWARE_SITE_URL")
    )
    course = index.course
    shared = _hash(
        _code_version(PROJECT_ROOT),
        settings,
        course.title,
        course.description,
        course.author,
        course.licence,
        course.repository,
        course.pages_url,
        course.base_url,
        course.languages,
        tuple(
            (
                e.lang,
                bool(e.glossary),
                e.course and (e.course.title, e.course.description),
                tuple(map(_chapter_nav_short, e.chapters)),
            )
            for e in index.editions.values()
        ),
    )
    everything = _hash(
        shared,
        tuple(
            (edition.lang, tuple(_chapter_self(c) for c in edition.chapters), edition.glossary)
            for edition in index.editions.values()
        ),
    )
    found: dict[str, str] = {}
    for edition in index.editions.values():
        _edition_pages(edition, shared, found)
    statuses = tuple(
        (x.path, x.title, x.status, x.changed_sections)
        for e in index.editions.values()
        for x in e.lessons
    )
    for edition in index.editions.values():
        found[f"/{edition.prefix}translations/"] = _hash(shared, "translations", statuses)
    found["/404.html"] = _hash(shared, "404")
    found["/sitemap.xml"] = _hash(shared, "sitemap", [x.path for x in index.default.lessons])
    content = app.extensions["courseware"]
    lessons_dir = content.lessons_dir
    for url in files:
        if url in found:
            continue
        found[url] = _file_fingerprint(app, url, shared, everything, lessons_dir)
    return found


def _chapter_nav_short(chapter: Chapter) -> tuple[str, str, str]:
    return (chapter.path, chapter.title, chapter.text_lang)


def _listing(lesson: Lesson) -> tuple[object, ...]:
    """What lists of lessons show: no content, so editing a lesson's text leaves them be."""
    return (
        lesson.path,
        lesson.title,
        lesson.summary,
        lesson.minutes,
        lesson.exercises_minutes,
        lesson.draft,
        lesson.error is not None,
        lesson.status,
        lesson.has_instructor_notes,
    )


def _edition_pages(edition: Edition, shared: str, found: dict[str, str]) -> None:
    base = f"/{edition.prefix}"
    lessons = edition.lessons
    listing = tuple(
        (c.path, c.title, c.summary, tuple(_listing(lesson) for lesson in c.lessons))
        for c in edition.chapters
    )
    exercises = tuple(
        (lesson.path, lesson.title, lesson.rendered.exercises_key)
        for lesson in lessons
        if lesson.rendered and lesson.rendered.exercises
    )
    found[base] = _hash(shared, "home", listing)
    found[base + "keypoints/"] = _hash(shared, "keypoints", listing, [x.keypoints for x in lessons])
    found[base + "objectives/"] = _hash(
        shared, "objectives", listing, [x.objectives for x in lessons]
    )
    found[base + "glossary/"] = _hash(shared, "glossary", edition.glossary)
    found[base + "exercises/"] = _hash(shared, "exercises", exercises)
    found[base + "exercises/solutions/"] = _hash(shared, "solutions", exercises)
    found[base + "instructor/"] = _hash(shared, "schedule", listing)
    found[base + "search/"] = _hash(shared, "search")
    for chapter in edition.chapters:
        nav = _chapter_nav(chapter)
        intro = chapter.intro.html if chapter.intro else ""
        found[f"/{chapter.path}"] = _hash(
            shared, "chapter", chapter.summary, intro, tuple(_listing(x) for x in chapter.lessons)
        )
        found[f"{base}print/{chapter.slug}/"] = _hash(shared, "print", _chapter_self(chapter))
        for lesson in chapter.lessons:
            around = (
                _lesson_nav(edition.lesson(lesson.previous)),
                _lesson_nav(edition.lesson(lesson.next)),
            )
            key = _hash(
                shared,
                _lesson_self(lesson),
                lesson.status,
                lesson.original,
                nav,
                around,
                edition.glossary and lesson.rendered and lesson.rendered.glossary_refs,
            )
            found[f"/{lesson.path}"] = _hash(key, "lesson")
            found[f"{base}instructor/{lesson.key}"] = _hash(key, "instructor")


def _file_fingerprint(app: Flask, url: str, shared: str, everything: str, lessons_dir: Path) -> str:
    """Static files, lesson media and search files hash by content; other pages show it all."""
    if url.startswith("/static/"):
        file = Path(app.static_folder or "") / url.removeprefix("/static/")
        if not file.is_file():
            return _hash(shared, url)
        stat = file.stat()
        if stat.st_size > 1_000_000:  # big runtime files: their size and date say enough
            return _hash(url, stat.st_size, stat.st_mtime_ns)
        return _hash(shared, file.read_bytes())
    if url.startswith("/media/"):
        file = lessons_dir / url.removeprefix("/media/")
        return _hash(file.read_bytes() if file.is_file() else url)
    found = _search_file(app, url)
    if found is not None:
        return found
    return _hash(everything, url)


def _search_file(app: Flask, url: str) -> str | None:
    """The fingerprint of a search-index file, from what the file is made of."""
    content = app.extensions["courseware"]
    for edition in content.index.editions.values():
        base = f"/{edition.prefix}search/"
        if url.startswith(base) and url.endswith(".json"):
            name = url.removeprefix(base).removesuffix(".json")
            return content.search(edition.lang).fingerprints.get(name)
    return None
