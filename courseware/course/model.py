"""The content index: immutable values that routes and the static build look things up in.

Built once by :mod:`courseware.loader`; nothing here parses files or knows about Flask.
Page addresses (``path``) are relative to the site root and end in ``/``, e.g.
``"mvc/what-is-mvc/"``; templates turn them into links for the page being written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..errors import Diagnostic
from .paths import slugify
from .reads import Tracked, computed_from

#: Stands for the path from the current page to the site root inside rendered HTML.
ROOT = "\ue000"
#: Ends a link to a page (a directory URL); becomes "" or "index.html" (offline copies).
PAGE_END = "\ue001"


def _no_meta() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Heading:
    """An entry of a lesson's table of contents."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and the plain text under it, for search."""

    anchor: str
    title: str
    text: str


@dataclass(frozen=True)
class Link:
    """A link or image found in a lesson, kept so the checker can verify it."""

    target: str  #: as written by the author
    kind: str  #: "page", "asset", "anchor" or "external"
    resolved: str = ""  #: for "page" and "asset": the path under lessons/
    fragment: str = ""
    is_image: bool = False
    alt: str = ""


@dataclass(frozen=True)
class Exercise:
    """An exercise block: its title and how many hints it offers."""

    id: str
    title: str
    hints: int
    has_solution: bool


@dataclass(frozen=True)
class Rendered:
    """What rendering a lesson body produces; cached on disk by content hash."""

    html: str  #: learner HTML: instructor notes removed
    instructor_html: str  #: the same with instructor notes in place
    toc: tuple[Heading, ...]
    anchors: frozenset[str]
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    exercises: tuple[Exercise, ...]
    quizzes: int
    instructor_notes: int
    words: int
    glossary_refs: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    texts_html: tuple[str, ...] = ()  #: the ``texts`` of the render input, as inline HTML
    #: the examples its code blocks show (files or packages under lessons/), runnable in the
    #: browser playground
    examples: tuple[str, ...] = ()
    #: a hash of the lesson's exercises as shown, so the exercises handout knows when to change
    exercises_key: str = ""
    #: each quiz's fence line and shape (types, options, correct ones), to compare translations
    quiz_shapes: tuple[tuple[int, str], ...] = ()
    #: shard → its terms' flat (section, score, ...) pairs for search, pickled: a build
    #: unpacks only the shards it writes (see :func:`.search.pack_postings`)
    search_postings: dict[str, bytes] = field(default_factory=dict)
    #: search shard → digest of this lesson's postings in it (see search.shard_digests)
    search_shards: dict[str, str] = field(default_factory=dict)
    #: the content key it was rendered under: equal keys, equal results
    key: str = ""

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 200))


@dataclass(frozen=True, eq=False)
class Lesson(Tracked):
    """One lesson page."""

    source: str  #: the file, as shown in messages: ``lessons/02-mvc/01-what-is-mvc.md``
    relpath: str  #: the file relative to ``lessons/``, with ``/`` separators
    lang: str
    chapter_slug: str
    slug: str
    order: int
    path: str  #: page address relative to the site root: ``mvc/what-is-mvc/``
    title: str
    summary: str = ""
    objectives: tuple[str, ...] = ()
    keypoints: tuple[str, ...] = ()
    minutes: int | None = None
    exercises_minutes: int | None = None
    draft: bool = False
    tags: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=_no_meta, compare=False)
    rendered: Rendered | None = None
    content_hash: str = ""
    previous: str | None = None  #: path of the previous lesson in course order
    next: str | None = None
    #: set when the file could not be read; the preview shows it instead of the lesson
    error: Diagnostic | None = None
    #: in a translated edition: "translated", "stale" (its original changed since), or
    #: "missing" (the original is shown instead); "" in the course's own language
    status: str = ""
    original: str = ""  #: in a translated edition, the path of the original lesson
    changed_sections: int = 0  #: for a stale translation, how many parts of the original changed
    #: the language of the lesson's texts when it is not ``lang`` (a "missing" translation)
    text_lang: str = ""
    #: summary, objectives and key points as inline HTML (they may use `code` and *emphasis*)
    summary_html: str = ""
    objectives_html: tuple[str, ...] = ()
    keypoints_html: tuple[str, ...] = ()

    @property
    def identity(self) -> tuple[str, ...]:
        return ("lesson", self.path)

    @property
    def key(self) -> str:
        """Names the lesson in every language (translations share it), e.g. for progress."""
        return f"{self.chapter_slug}/{self.slug}/"

    @computed_from("rendered")
    def html(self) -> str:
        return self.rendered.html if self.rendered else ""

    @computed_from("rendered")
    def has_instructor_notes(self) -> bool:
        return bool(self.rendered and self.rendered.instructor_notes)

    @computed_from("rendered")
    def toc(self) -> tuple[Heading, ...]:
        return self.rendered.toc if self.rendered else ()


@dataclass(frozen=True, eq=False)
class Chapter(Tracked):
    """A chapter: a folder of lessons."""

    source: str  #: ``lessons/02-mvc``
    relpath: str  #: ``02-mvc``
    lang: str
    slug: str
    order: int
    path: str  #: ``mvc/``
    title: str
    summary: str = ""
    intro: Rendered | None = None  #: the body of the chapter's ``index.md``, if any
    lessons: tuple[Lesson, ...] = ()
    #: the language of the title and summary when it is not ``lang``: an untranslated
    #: chapter shown in a translation keeps its original's (screen readers need to know)
    text_lang: str = ""

    @property
    def identity(self) -> tuple[str, ...]:
        return ("chapter", self.path)

    @property
    def minutes(self) -> int:
        return sum(
            (lesson.minutes or 0) + (lesson.exercises_minutes or 0) for lesson in self.lessons
        )


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True)
class Course(Tracked):
    """What ``course.yml`` says about the course as a whole."""

    title: str
    description: str = ""
    author: str = ""
    licence: str = ""
    repository: str = ""
    base_url: str = ""  #: path the static site is served under, e.g. ``/flask-course/``
    url: str = ""  #: public address of the site, for sitemap.xml and canonical links
    languages: tuple[Language, ...] = (Language("en", "English"),)
    #: hosts lessons may embed with ``<iframe>`` (``embeds:`` in course.yml)
    embeds: tuple[str, ...] = ()
    #: hosts lessons may show images from (``images:`` in course.yml)
    images: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=_no_meta, compare=False)
    #: "" for the course as ``course.yml`` says; a language code for a translation's own
    edition: str = ""

    @property
    def identity(self) -> tuple[str, ...]:
        return ("course", self.edition)

    @property
    def default_language(self) -> str:
        return self.languages[0].code

    @property
    def pages_url(self) -> str:
        """The public address: ``url``, or the GitHub Pages address of a GitHub repository."""
        if self.url:
            return self.url.rstrip("/") + "/"
        parts = self.repository.rstrip("/").removesuffix(".git").split("/")
        if len(parts) == 5 and parts[2] == "github.com":
            user, repo = parts[3], parts[4]
            if repo.lower() == f"{user.lower()}.github.io":
                return f"https://{user.lower()}.github.io/"
            return f"https://{user.lower()}.github.io/{repo}/"
        return ""

    @property
    def id(self) -> str:
        """A short name for the course, e.g. to keep its progress apart from other courses."""
        name = self.repository.rstrip("/").rsplit("/", 1)[-1] if self.repository else self.title
        return slugify(name) or "course"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term of ``glossary.yml`` with its definition."""

    term: str
    anchor: str  #: ``term-wsgi``
    definition_html: str
    link: str = ""  #: a page address (``flask-essentials/wsgi/``) or a full URL
    line: int = 0


@dataclass(frozen=True, eq=False)
class Edition(Tracked):
    """The course in one language: its chapters and lessons in order."""

    lang: str
    prefix: str  #: ``""`` for the default language, ``"es/"`` for the others
    chapters: tuple[Chapter, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    #: the course with its title and description in this language (from the translation's
    #: ``course.yml``); None where the course's own apply
    course: Course | None = None
    #: the course's own text for the home page (``index.md`` at the top of lessons/)
    home: Rendered | None = None
    #: the language of ``home`` when it is the original's, not this edition's; else ""
    home_lang: str = ""

    @property
    def identity(self) -> tuple[str, ...]:
        return ("edition", self.lang)

    @cached_property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for chapter in self.chapters for lesson in chapter.lessons)

    @cached_property
    def pages(self) -> Mapping[str, Chapter | Lesson]:
        """Chapters and lessons by their ``path``."""
        found: dict[str, Chapter | Lesson] = {}
        for chapter in self.chapters:
            found[chapter.path] = chapter
            for lesson in chapter.lessons:
                found[lesson.path] = lesson
        return MappingProxyType(found)

    @cached_property
    def chapters_by_slug(self) -> Mapping[str, Chapter]:
        return MappingProxyType({chapter.slug: chapter for chapter in self.chapters})

    def lesson(self, path: str | None) -> Lesson | None:
        page = self.pages.get(path) if path else None
        return page if isinstance(page, Lesson) else None

    def chapter_of(self, lesson: Lesson) -> Chapter:
        return self.chapters_by_slug[lesson.chapter_slug]


@dataclass(frozen=True, eq=False)
class ContentIndex(Tracked):
    """Everything the site shows, read from ``lessons/`` once."""

    course: Course
    editions: Mapping[str, Edition]  #: by language code, the default language first
    diagnostics: tuple[Diagnostic, ...] = ()
    assets: frozenset[str] = frozenset()  #: files under lessons/ that pages link to or show
    #: examples (files or packages under lessons/) that lessons show, runnable in the browser
    examples: frozenset[str] = frozenset()
    fingerprint: str = ""  #: changes whenever any input file changes
    #: lesson files left out because they are drafts (paths under lessons/)
    drafts: frozenset[str] = frozenset()
    #: the course's own stylesheet (``lessons/extra.css``), published under /media/; or ""
    extra_css: str = ""
    #: lessons not rendered yet (a lazy load): their render inputs by source file
    pending: Mapping[str, object] = field(default_factory=dict)

    @property
    def identity(self) -> tuple[str, ...]:
        return ("index",)

    @property
    def default(self) -> Edition:
        return self.editions[self.course.default_language]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def values_by_identity(index: ContentIndex) -> dict[tuple[str, ...], Tracked]:
    """Every tracked value of ``index`` by its identity, to look recorded reads up again."""
    found: dict[tuple[str, ...], Tracked] = {("index",): index, ("course", ""): index.course}
    for edition in index.editions.values():
        found[("edition", edition.lang)] = edition
        if edition.course is not None:
            found[edition.course.identity] = edition.course
        for chapter in edition.chapters:
            found[chapter.identity] = chapter
            for lesson in chapter.lessons:
                found[lesson.identity] = lesson
    return found
