"""Reading ``lessons/``: course.yml, chapter folders and lesson files, as frozen records.

This is the first step of loading a course (:mod:`.loader` renders and assembles). It never
stops at the first mistake: a lesson it cannot read becomes a lesson with an ``error`` (the
preview shows it) and a diagnostic (the checker and the build report it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ContentError, Diagnostic
from .frontmatter import decode, read_limited, read_yaml_file, split_front_matter
from .memo import Remembers
from .metadata import (
    CHAPTER_KEYS,
    HOME_KEYS,
    LESSON_KEYS,
    texts,
    validate,
    warning,
)
from .model import Lesson
from .paths import split_order
from .rendering import RenderInput
from .stamps import Stamp, stamp
from .upstream import upstream_meta

#: First path segments that belong to the site itself, so no chapter may use them.
RESERVED = frozenset(
    {
        "static",
        "media",
        "search",
        "instructor",
        "glossary",
        "keypoints",
        "objectives",
        "schedule",
        "print",
        "exercises",
        "translations",
        "playground",
        "review",
        "theme",
        "404.html",
        "sitemap.xml",
        "_",
    }
)
IGNORED_NAMES = frozenset({"README.md", "readme.md"})
#: The course's own text for its home page, at the top of lessons/ (or of a translation).
HOME_FILE = "index.md"
#: A stylesheet of the course's own, linked after the site's on every page.
EXTRA_CSS = "extra.css"


@dataclass(frozen=True)
class LessonSource:
    """A lesson file read and parsed, waiting for its rendering."""

    lesson: Lesson
    render: RenderInput | None = None


@dataclass(frozen=True)
class ChapterFolder:
    """A folder of ``lessons/`` that is a chapter, before it is read."""

    path: Path
    relpath: str
    order: int
    slug: str


@dataclass(frozen=True)
class ChapterSource:
    """A chapter folder read: its settings, its introduction and its lessons."""

    folder: ChapterFolder
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    intro: RenderInput | None = None
    lessons: tuple[LessonSource, ...] = ()
    text_lang: str = ""  #: set when ``meta`` is the original's, in a translation

    @property
    def relpath(self) -> str:
        return self.folder.relpath

    @property
    def slug(self) -> str:
        return self.folder.slug

    @property
    def order(self) -> int:
        return self.folder.order


class Reader(Remembers):
    """Reads the files of one lessons folder, collecting every problem it finds.

    A lesson file or chapter settings unchanged since the previous load (see
    :class:`.memo.Remembers`) are not read again.
    """

    #: what it collects as it reads, and what it keeps from load to load; the rest of its
    #: attributes are its settings
    GATHERED = ("diagnostics", "drafts", "parsed")
    KEPT = frozenset({"parsed_before", "read_before", "read", "stamps"})

    def __init__(self, lessons_dir: Path, include_drafts: bool) -> None:
        self.root = lessons_dir
        self.resolved_root = lessons_dir.resolve()
        self.include_drafts = include_drafts
        #: draft lessons left out of the site (files under lessons/), so that a link to one
        #: can say why it is broken
        self.drafts: set[str] = set()
        #: ``trusted_html: true`` in course.yml: lessons' raw HTML is kept as written
        self.trusted_html = False
        #: ``check_code_runs: true`` in course.yml: report code blocks that nothing runs
        self.check_code_runs = False
        #: hosts lessons may embed (``<iframe>``) and show images from, from course.yml
        self.embeds: tuple[str, ...] = ()
        self.images: tuple[str, ...] = ()
        self.diagnostics: list[Diagnostic] = []
        self.language_codes: set[str] = set()  #: language codes, which are page addresses too
        self.default_language = "en"  #: the language of the originals
        #: files parsed by the previous load, by (path, stamp, kind), and by this one
        self.parsed_before: dict[tuple, tuple] = {}
        self.parsed: dict[tuple, tuple] = {}
        #: lessons and chapter settings read by the previous load, and by this one
        self.read_before: dict[tuple, tuple] = {}
        self.read: dict[tuple, tuple] = {}
        #: the stamps of the files, by path, taken before this load read any of them
        self.stamps: Mapping[str, Stamp] = {}

    def stamp(self, path: str) -> Stamp | None:
        """A file's stamp from before this load read any file, or as it is now when it was
        not there then: the load reads what it stamped or newer, so a change made meanwhile
        is seen by the next one."""
        found = self.stamps.get(path)
        return found if found is not None else stamp(path)

    def display(self, relpath: str) -> str:
        return f"{self.root.name}/{relpath}" if relpath else self.root.name

    def report(self, problems: list[Diagnostic] | Diagnostic) -> None:
        self.diagnostics.extend(problems if isinstance(problems, list) else [problems])

    # -- the folder tree -----------------------------------------------------------------

    def _utf8(self, relpath: str) -> bool:
        """Whether a name under lessons/ is UTF-8 (a zip made elsewhere may hold Latin-1
        names, which no page address can carry); the others are reported, then skipped."""
        try:
            relpath.encode("utf-8")
        except UnicodeEncodeError:
            shown = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            message = "the name is not valid UTF-8, so the site cannot use it; rename it"
            self.report(Diagnostic(self.display(shown), 0, message))
            return False
        return True

    def chapters(self, base: Path, base_rel: str) -> list[ChapterFolder]:
        """The chapter folders under ``base``, in order."""
        found: list[ChapterFolder] = []
        for entry in sorted(base.iterdir(), key=lambda path: path.name):
            name = entry.name
            relpath = f"{base_rel}{name}"
            if name.startswith((".", "_")) or name in IGNORED_NAMES:
                continue
            if entry.is_dir() and not self._utf8(relpath):
                continue
            if entry.is_dir():
                order, slug = split_order(name)
                if order is None:
                    if any(entry.glob("*.md")):
                        self.report(
                            warning(
                                self.display(relpath),
                                0,
                                "this folder is not a chapter because its name does not start "
                                "with a number; rename it like '03-its-name'",
                            )
                        )
                    continue
                if not slug:
                    self.report(
                        Diagnostic(
                            self.display(relpath),
                            0,
                            "the chapter folder's name gives it no address: after the number "
                            "it needs letters or digits, like '03-its-name'",
                        )
                    )
                    continue
                found.append(ChapterFolder(entry, relpath, order, slug))
            elif name.endswith(".md") and name != HOME_FILE:
                self.report(
                    Diagnostic(
                        self.display(relpath),
                        0,
                        "lesson file outside a chapter; move it into a chapter folder "
                        "such as 'lessons/01-basics/'",
                    )
                )
        self._check_unique([(f.relpath, f.slug, f.order) for f in found], "chapter", base_rel)
        return found

    def _check_unique(self, items: list[tuple[str, str, int]], what: str, base_rel: str) -> None:
        """Two chapters or lessons with the same address or number are an error."""
        by_slug: dict[str, str] = {}
        by_order: dict[int, str] = {}
        for relpath, slug, order in items:
            name = relpath.rsplit("/", 1)[-1]
            if slug in by_slug:
                self.report(
                    Diagnostic(
                        self.display(relpath),
                        0,
                        f"{what} '{name}' has the same address '{slug}' as '{by_slug[slug]}'; "
                        "rename one of them",
                    )
                )
            elif order in by_order:
                self.report(
                    Diagnostic(
                        self.display(relpath),
                        0,
                        f"{what} '{name}' has the same number as '{by_order[order]}', "
                        "so their order is unclear; renumber one of them",
                    )
                )
            by_slug.setdefault(slug, name)
            by_order.setdefault(order, name)
            if (
                what == "chapter"
                and not base_rel
                and (slug in RESERVED or slug in self.language_codes)
            ):
                self.report(
                    Diagnostic(
                        self.display(relpath),
                        0,
                        f"the chapter address '{slug}' is used by the site itself; "
                        "choose another name",
                    )
                )

    def read_chapter(self, folder: ChapterFolder, lang_prefix: str, lang: str) -> ChapterSource:
        meta, intro = self.read_chapter_meta(folder.path, folder.relpath, lang_prefix, lang)
        lessons = []
        with os.scandir(folder.path) as scan:  # its entries know their type: no stat each
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            if (
                not name.endswith(".md")
                or not self._utf8(f"{folder.relpath}/{name}")
                or name.startswith((".", "_"))
                or name in IGNORED_NAMES
                or name == "index.md"
                or not entry.is_file()
            ):
                continue
            lesson = self._lesson_at(folder.slug, folder.relpath, entry.path, lang_prefix, lang)
            if lesson is not None:
                lessons.append(lesson)
        self._check_unique(
            [(x.lesson.relpath, x.lesson.slug, x.lesson.order) for x in lessons],
            "lesson",
            folder.relpath,
        )
        if not lessons and any(d.startswith(folder.relpath + "/") for d in self.drafts):
            self.report(
                warning(
                    self.display(folder.relpath),
                    0,
                    "every lesson of this chapter is a draft, so the chapter is not published "
                    "yet; remove 'draft: true' from a lesson to publish it",
                )
            )
        elif not lessons:
            self.report(
                Diagnostic(
                    self.display(folder.relpath),
                    0,
                    "this chapter has no lessons; add a file such as '01-introduction.md'",
                )
            )
        return ChapterSource(folder, meta, intro, tuple(lessons))

    def read_chapter_meta(
        self, path: Path, relpath: str, lang_prefix: str, lang: str, warn: bool = True
    ) -> tuple[Mapping[str, Any], RenderInput | None]:
        """A chapter's title and summary from chapter.yml, or index.md and its introduction."""
        files = (self.stamp(f"{path}/chapter.yml"), self.stamp(f"{path}/index.md"))
        return self._remembered(
            ("chapter", str(path), relpath, lang_prefix, lang, warn, files),
            lambda: self._read_chapter_meta(path, relpath, lang_prefix, lang, warn),
        )

    def _read_chapter_meta(
        self, path: Path, relpath: str, lang_prefix: str, lang: str, warn: bool
    ) -> tuple[Mapping[str, Any], RenderInput | None]:
        meta_file = path / "chapter.yml"
        index_file = path / "index.md"
        if meta_file.is_file():
            source = self.display(f"{relpath}/chapter.yml")
            try:
                data, problems = validate(read_yaml_file(meta_file, source), CHAPTER_KEYS, source)
            except ContentError as exc:
                self.report(exc.diagnostic)
                return {}, None
            self.report(problems)
            return data, None
        if index_file.is_file():
            index_relpath = f"{relpath}/index.md"
            parsed = self.parse(index_file, index_relpath, LESSON_KEYS)
            if not parsed:
                return {}, None
            meta, body, body_line = parsed
            if not body.strip():
                return meta, None
            intro = RenderInput(
                self.root,
                index_relpath,
                self.display(index_relpath),
                lang_prefix,
                body,
                body_line,
                lang=lang,
                trusted_html=self.trusted_html,
                check_code_runs=self.check_code_runs,
                embeds=self.embeds,
                images=self.images,
            )
            return meta, intro
        if warn:
            self.report(
                warning(
                    self.display(relpath),
                    0,
                    "the chapter has no chapter.yml or index.md; its title is made from "
                    "the folder name",
                )
            )
        return {}, None

    def read_home(self, base_rel: str, lang_prefix: str, lang: str) -> RenderInput | None:
        """The course's text for its home page: ``index.md`` at the top of the course (or of
        a translation's folder); its front matter is optional."""
        relpath = f"{base_rel}{HOME_FILE}"
        file = self.root / relpath
        if not file.is_file():
            return None
        parsed = self.parse(file, relpath, HOME_KEYS)
        if not parsed or not parsed[1].strip():
            return None
        _, body, body_line = parsed
        return RenderInput(
            self.root,
            relpath,
            self.display(relpath),
            lang_prefix,
            body,
            body_line,
            lang=lang,
            trusted_html=self.trusted_html,
            check_code_runs=self.check_code_runs,
            embeds=self.embeds,
            images=self.images,
        )

    def parse(
        self, file: Path, relpath: str, rules: dict
    ) -> tuple[dict[str, Any], str, int] | None:
        """Read a Markdown file's front matter and body; unchanged files come from the cache."""
        source = self.display(relpath)
        found_stamp = self.stamp(str(file))
        key = (relpath, found_stamp, rules is LESSON_KEYS) if found_stamp else None
        cached = self.parsed_before.get(key) if key else None
        if cached is not None:
            self.parsed[key] = cached
            result, problems = cached
            self.report(list(problems))
            return result
        found = self._parse(file, relpath, rules, source)
        if key is not None:
            self.parsed[key] = found
        result, problems = found
        self.report(list(problems))
        return result

    def _parse(
        self, file: Path, relpath: str, rules: dict, source: str
    ) -> tuple[tuple[dict[str, Any], str, int] | None, tuple[Diagnostic, ...]]:
        try:
            if not file.resolve().is_relative_to(self.resolved_root):
                raise ContentError(
                    source,
                    0,
                    "this is a link to a file outside lessons/; "
                    "copy the file into the chapter instead",
                )
            text = decode(read_limited(file, source), source)
            if not text.strip():
                raise ContentError(
                    source,
                    1,
                    "the file is empty; start it with front matter: '---', 'title: ...', '---'",
                )
            split = split_front_matter(text, source)
        except ContentError as exc:
            return None, (exc.diagnostic,)
        except OSError as exc:
            return None, (Diagnostic(source, 0, f"cannot read the file: {exc.strerror}"),)
        meta, body = split.meta, split.body
        if rules is LESSON_KEYS:
            meta, body = upstream_meta(meta, body, split.body_line)
        data, problems = validate(meta, rules, source, require_title=rules is not HOME_KEYS)
        return (data, body, split.body_line), tuple(problems)

    def read_lesson(
        self, chapter_slug: str, chapter_relpath: str, file: Path, lang_prefix: str, lang: str
    ) -> LessonSource | None:
        """A lesson file as a record waiting for its rendering; ``None`` for a draft left out
        or a name that makes no address (reported). A file with the same stamp as in the
        previous load gives the same record again, so a reload re-reads only what changed."""
        return self._lesson_at(chapter_slug, chapter_relpath, str(file), lang_prefix, lang)

    def _lesson_at(
        self, chapter_slug: str, chapter_relpath: str, path: str, lang_prefix: str, lang: str
    ) -> LessonSource | None:
        """:meth:`read_lesson` of the file at ``path``, which is made a :class:`Path` only
        if it is read (making one costs as much as finding the record again)."""
        return self._remembered(
            ("lesson", chapter_slug, chapter_relpath, path, lang_prefix, lang, self.stamp(path)),
            lambda: self._read_lesson(chapter_slug, chapter_relpath, Path(path), lang_prefix, lang),
        )

    def _read_lesson(
        self, chapter_slug: str, chapter_relpath: str, file: Path, lang_prefix: str, lang: str
    ) -> LessonSource | None:
        relpath = f"{chapter_relpath}/{file.name}"
        source = self.display(relpath)
        order, slug = split_order(file.name[:-3])
        if order is None or not slug:
            self.report(
                Diagnostic(
                    source,
                    0,
                    "a lesson file name must be a number, a hyphen and a name, "
                    "like '03-templates.md'",
                )
            )
            return None
        rest = file.name[:-3].split("-", 1)[1]
        if rest != slug:
            self.report(
                warning(
                    source,
                    0,
                    f"the file name has spaces, capitals or accents, so the "
                    f"lesson's address is '{slug}'; consider renaming the file "
                    f"'{order:02d}-{slug}.md'",
                )
            )
        base = Lesson(
            source=source,
            relpath=relpath,
            lang=lang_prefix.strip("/"),
            chapter_slug=chapter_slug,
            slug=slug,
            order=order,
            path=f"{lang_prefix}{chapter_slug}/{slug}/",
            title=title_from(slug),
        )
        parsed = self.parse(file, relpath, LESSON_KEYS)
        if parsed is None:
            error = self.diagnostics[-1]
            return LessonSource(replace(base, error=error))
        data, body, body_line = parsed
        if data.get("draft") and not self.include_drafts:
            self.drafts.add(relpath)
            return None
        if not body.strip():
            self.report(
                Diagnostic(source, body_line, "the lesson has no content after its front matter")
            )
        lesson = replace(
            base,
            title=str(data.get("title") or "").strip() or base.title,
            summary=str(data.get("summary") or ""),
            objectives=texts(data.get("objectives")),
            keypoints=texts(data.get("keypoints")),
            minutes=data.get("minutes"),
            exercises_minutes=data.get("exercises_minutes"),
            draft=bool(data.get("draft")),
            tags=texts(data.get("tags")),
            meta=data,
        )
        inline_texts = (lesson.summary, *lesson.objectives, *lesson.keypoints)
        render = RenderInput(
            self.root,
            relpath,
            source,
            lang_prefix,
            body,
            body_line,
            inline_texts,
            title=lesson.title,
            lang=lang,
            trusted_html=self.trusted_html,
            check_code_runs=self.check_code_runs,
            embeds=self.embeds,
            images=self.images,
        )
        return LessonSource(lesson, render)


def title_from(slug: str) -> str:
    return slug.replace("-", " ").capitalize()
