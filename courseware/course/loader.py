"""Load a course: read ``lessons/``, render every lesson, assemble the immutable index.

Three steps, each a pure function of the previous one's result: :mod:`.sources` (and
:mod:`.translated_sources`) read the files into frozen records, :mod:`.render_pool` renders
their Markdown (cached, on all cores), and :func:`load_index` assembles editions, chapters
and lessons. Nothing is filled in later: every value is complete when it is made.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic
from .course_settings import (
    read_course,
    read_translated_course,
    report_undeclared_translations,
)
from .glossary import FILE as GLOSSARY
from .glossary import read_glossary
from .memo import Load, LoadMemo
from .model import Chapter, ContentIndex, Course, Edition, GlossaryEntry, Lesson, Rendered
from .paths import TRANSLATIONS
from .render_pool import RenderCache, process_renderer, render_many
from .rendering import Pending, RenderInput
from .sources import EXTRA_CSS, RESERVED, ChapterSource, Reader, title_from
from .stamps import Snapshot, fingerprint, snapshot
from .translated_sources import translated_chapters


def with_rendering(lesson: Lesson, rendered: Rendered, **changes: object) -> Lesson:
    """The lesson with its rendered body and the texts that come from it (and ``changes``)."""
    texts = rendered.texts_html
    objectives = len(lesson.objectives)
    return replace(
        lesson,
        rendered=rendered,
        content_hash=rendered.key,
        summary_html=texts[0] if texts else "",
        objectives_html=texts[1 : 1 + objectives],
        keypoints_html=texts[1 + objectives :],
        **changes,
    )


def _neighbours(lessons: list[Lesson]) -> list[dict[str, str | None]]:
    """Each lesson's previous and next lesson, across chapter boundaries."""
    paths = [lesson.path for lesson in lessons]
    return [
        {
            "previous": paths[index - 1] if index else None,
            "next": paths[index + 1] if index + 1 < len(paths) else None,
        }
        for index in range(len(paths))
    ]


def _inside(lessons_dir: Path, relpath: str) -> bool:
    """Whether ``relpath`` is a file that really lies under ``lessons_dir`` (no link out)."""
    file = lessons_dir / relpath
    return file.is_file() and file.resolve().is_relative_to(lessons_dir.resolve())


def load_index(
    lessons_dir: Path,
    *,
    include_drafts: bool = False,
    cache: RenderCache | None = None,
    workers: int = 1,
    lazy: bool = False,
    memo: LoadMemo | None = None,
    taken: Snapshot | None = None,
) -> ContentIndex:
    """Read, render and link every chapter and lesson under ``lessons_dir``.

    ``lazy`` renders nothing the cache lacks: those lessons stand as pending (their inputs
    are in ``pending``), for a preview that answers before every lesson is rendered.

    ``memo`` is what the previous load of the folder kept for this one (a preview keeps one
    across its reloads, so a reload reads again only what changed: see :mod:`.memo`);
    ``taken``, the stamps of the files, taken just now (by a preview looking for changes).

    Python's cycle collector is paused meanwhile: loading makes millions of objects and no
    garbage cycles, and each collection would walk all of them (a third of the loading time
    of a 1,000-lesson course).
    """
    memo = memo if memo is not None else LoadMemo()
    paused = gc.isenabled()
    with memo.lock:
        gc.disable()
        try:
            load = Load(memo, taken if taken is not None else snapshot(lessons_dir))
            return _load_index(lessons_dir, include_drafts, cache, workers, lazy, load)
        finally:
            if paused:
                gc.enable()


def _load_index(
    lessons_dir: Path,
    include_drafts: bool,
    cache: RenderCache | None,
    workers: int,
    lazy: bool,
    load: Load,
) -> ContentIndex:
    if not lessons_dir.is_dir():
        problem = Diagnostic(str(lessons_dir), 0, "the lessons folder does not exist")
        return ContentIndex(Course("Untitled course"), {"en": Edition("en", "", ())}, (problem,))
    cache = cache if cache is not None else RenderCache(None)
    reader = Reader(lessons_dir, include_drafts)
    reader.parsed_before = cache.load_parsed(lessons_dir)
    reader.read_before = load.memo.read
    reader.stamps = load.taken.files
    course = read_course(reader)
    reader.language_codes = {language.code for language in course.languages}
    reader.default_language = course.default_language
    reader.trusted_html = course.meta.get("trusted_html") is True
    reader.check_code_runs = course.meta.get("check_code_runs") is True
    reader.embeds, reader.images = course.embeds, course.images
    report_undeclared_translations(reader, course)

    # 1. Read.
    originals = [
        reader.read_chapter(folder, "", course.default_language)
        for folder in reader.chapters(lessons_dir, "")
    ]
    chapter_sets = [(course.default_language, "", "", originals)]
    for language in course.languages[1:]:
        code = language.code
        chapters = translated_chapters(reader, originals, code, course.default_language)
        chapter_sets.append((code, f"{code}/", f"{TRANSLATIONS}/{code}/", chapters))

    homes = {
        lang: reader.read_home(base_rel, prefix, lang) for lang, prefix, base_rel, _ in chapter_sets
    }

    # 2. Render everything in one batch, so the worker processes are started once.
    inputs: list[RenderInput] = [home for home in homes.values() if home is not None]
    for _, _, _, chapters in chapter_sets:
        for chapter in chapters:
            if chapter.intro:
                inputs.append(chapter.intro)
            inputs.extend(item.render for item in chapter.lessons if item.render)
    keys = load.content_keys(inputs)
    results = load.results(
        inputs,
        keys,
        cache.memory,
        lazy,
        lambda items, found: render_many(items, cache, workers, lazy=lazy, keys=found)[0],
    )
    rendered = {
        (item.relpath, item.lang_prefix): result if result.key == key else replace(result, key=key)
        for item, result, key in zip(inputs, results, keys, strict=True)
    }
    cache.retain(set(keys))
    cache.save_parsed(lessons_dir, reader.parsed)
    for result in rendered.values():
        reader.report(list(result.diagnostics))

    # 3. Assemble.
    editions: dict[str, Edition] = {}
    for lang, prefix, base_rel, chapters in chapter_sets:
        built = _chapters(reader, chapters, rendered, lang, prefix, include_drafts, load)
        glossary = _glossary(reader, lessons_dir, base_rel, prefix, editions)
        translated = read_translated_course(reader, course, base_rel) if base_rel else None
        home = homes[lang] or homes[course.default_language]
        home_rendered = rendered[home.relpath, home.lang_prefix] if home else None
        home_lang = home.lang if home and home.lang != lang else ""
        editions[lang] = Edition(
            lang, prefix, built, glossary, translated, home_rendered, home_lang
        )

    def inside(relpath: str) -> bool:
        return load.inside_lessons(relpath, lambda path: _inside(lessons_dir, path))

    assets = frozenset(
        link.resolved
        for result in rendered.values()
        for link in result.links
        if link.kind == "asset" and not link.resolved.startswith("..") and inside(link.resolved)
    )
    extra_css = EXTRA_CSS if inside(EXTRA_CSS) else ""
    if extra_css:
        assets |= {extra_css}
    examples = frozenset(unit for result in rendered.values() for unit in result.examples)
    load.finish(reader.read)
    return ContentIndex(
        course,
        editions,
        tuple(sorted(set(reader.diagnostics))),
        assets=assets,
        examples=examples,
        fingerprint=load.taken.fingerprint,
        drafts=frozenset(reader.drafts),
        extra_css=extra_css,
        pending={
            item.source: item
            for item, result in zip(inputs, results, strict=True)
            if isinstance(result, Pending)
        },
    )


def _chapters(
    reader: Reader,
    sources: list[ChapterSource],
    rendered: dict[tuple[str, str], Rendered],
    lang: str,
    prefix: str,
    include_drafts: bool,
    load: Load,
) -> tuple[Chapter, ...]:
    """An edition's chapters, their lessons rendered and linked in course order (a lesson
    whose record, rendering and neighbours are those of the previous load is that load's)."""
    published = [
        source
        for source in sources
        if source.lessons and (include_drafts or not source.meta.get("draft"))
    ]
    items = [item for source in published for item in source.lessons]
    # One copy of each lesson with its body and its neighbours (a copy of a dataclass of 27
    # fields costs 10 microseconds, and there were two per lesson), or none.
    linked = iter(
        [
            _link(item.lesson, rendered[item.render.relpath, item.render.lang_prefix], around, load)
            if item.render is not None
            else _link(item.lesson, None, around, load)
            for item, around in zip(
                items, _neighbours([item.lesson for item in items]), strict=True
            )
        ]
    )
    return tuple(
        Chapter(
            source=reader.display(source.relpath),
            relpath=source.relpath,
            lang=lang,
            slug=source.slug,
            order=source.order,
            path=f"{prefix}{source.slug}/",
            title=str(source.meta.get("title") or title_from(source.slug)),
            summary=str(source.meta.get("summary") or ""),
            intro=rendered[source.intro.relpath, source.intro.lang_prefix]
            if source.intro
            else None,
            lessons=tuple(next(linked) for _ in source.lessons),
            text_lang=source.text_lang,
        )
        for source in published
    )


def _link(lesson: Lesson, rendered: Rendered | None, around: dict, load: Load) -> Lesson:
    """The lesson with its rendering (if it has one) and its neighbours."""
    if rendered is None:
        return load.linked_lesson(lesson, None, around, lambda: replace(lesson, **around))
    return load.linked_lesson(
        lesson, rendered, around, lambda: with_rendering(lesson, rendered, **around)
    )


def _glossary(
    reader: Reader, lessons_dir: Path, base_rel: str, prefix: str, editions: dict[str, Edition]
) -> tuple[GlossaryEntry, ...]:
    """An edition's glossary: its own ``glossary.yml``, or the original's, its links moved."""
    file = lessons_dir / base_rel / GLOSSARY
    if base_rel and not file.is_file():
        original = next(iter(editions.values())).glossary
        return tuple(
            replace(entry, link=prefix + entry.link)
            if entry.link and "://" not in entry.link
            else entry
            for entry in original
        )
    glossary, problems = read_glossary(
        file,
        reader.display(base_rel + GLOSSARY),
        base_rel,
        _inline,  # made if there is one
    )
    reader.report(problems)
    return glossary


def _inline(text: str) -> str:
    """Inline Markdown, with the renderer made on first use: a rebuild whose lessons all come
    from the cache (or render in another process) need not set up Markdown (0.03-0.06 s)."""
    return process_renderer().inline(text)


__all__ = ["load_index", "fingerprint", "RESERVED", "TRANSLATIONS"]
