"""Read ``lessons/`` into a :class:`~courseware.model.ContentIndex`, reporting every problem.

The loader never stops at the first mistake: a lesson it cannot read becomes a lesson with an
``error`` (the preview shows it) and a diagnostic (the checker and the build report it).
It reads everything first, then renders what the cache does not hold, then links pages up.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ContentError, Diagnostic
from .frontmatter import decode, read_yaml_file, split_front_matter
from .glossary import FILE as GLOSSARY
from .glossary import read_glossary
from .metadata import (
    CHAPTER_KEYS,
    COURSE_KEYS,
    LESSON_KEYS,
    TRANSLATED_COURSE_KEYS,
    texts,
    validate,
    warning,
)
from .model import Chapter, ContentIndex, Course, Edition, Language, Lesson, Rendered
from .paths import TRANSLATIONS, split_order
from .render_pool import RenderCache, process_renderer, render_many
from .rendering import RenderInput

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
        "theme",
        "404.html",
        "sitemap.xml",
        "_",
    }
)
IGNORED_NAMES = frozenset({"README.md", "readme.md"})


@dataclass
class _LessonFile:
    """A lesson file read and parsed, waiting for its rendering."""

    lesson: Lesson
    render: RenderInput | None = None
    original: _LessonFile | None = None  #: for a translation, the lesson it translates


@dataclass
class _ChapterDir:
    path: Path
    relpath: str
    order: int
    slug: str
    meta: dict[str, Any] = field(default_factory=dict)
    intro: RenderInput | None = None
    lessons: list[_LessonFile] = field(default_factory=list)
    text_lang: str = ""  #: set when ``meta`` is the original's, in a translation


class Loader:
    """One load of a lessons folder; use :func:`load_index`."""

    def __init__(self, lessons_dir: Path, include_drafts: bool) -> None:
        self.root = lessons_dir
        self.resolved_root = lessons_dir.resolve()
        self.include_drafts = include_drafts
        #: draft lessons left out of the site (files under lessons/), so that a link to one
        #: can say why it is broken
        self.drafts: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self.language_codes: set[str] = set()  #: language codes, which are page addresses too
        self.default_language = "en"  #: the language of the originals
        #: files parsed by the previous load, by (path, size, mtime, kind), and by this one
        self.parsed_before: dict[tuple, tuple] = {}
        self.parsed: dict[tuple, tuple] = {}

    def display(self, relpath: str) -> str:
        return f"{self.root.name}/{relpath}" if relpath else self.root.name

    def report(self, problems: list[Diagnostic] | Diagnostic) -> None:
        self.diagnostics.extend(problems if isinstance(problems, list) else [problems])

    # -- course.yml ----------------------------------------------------------------------

    def course(self) -> Course:
        file = self.root / "course.yml"
        source = self.display("course.yml")
        if not file.is_file():
            self.report(
                Diagnostic(source, 0, "course.yml is missing; create it with at least 'title: ...'")
            )
            return Course(title="Untitled course")
        try:
            document = read_yaml_file(file, source)
        except ContentError as exc:
            self.report(exc.diagnostic)
            return Course(title="Untitled course")
        data, problems = validate(document, COURSE_KEYS, source)
        self.report(problems)
        return Course(
            title=str(data.get("title") or "Untitled course"),
            description=data.get("description", ""),
            author=data.get("author", ""),
            licence=data.get("licence") or data.get("license", ""),
            repository=data.get("repository", ""),
            base_url=_normalise_base(data.get("base_url", "")),
            url=data.get("url", ""),
            languages=self.languages(data, document.line_of("languages"), source),
            meta=data,
        )

    def languages(self, data: dict[str, Any], line: int, source: str) -> tuple[Language, ...]:
        default = str(data.get("default_language") or "en")
        declared = data.get("languages") or {default: "English" if default == "en" else default}
        if not isinstance(declared, dict):
            self.report(
                Diagnostic(source, line, "'languages' must map codes to names, e.g. 'es: Español'")
            )
            declared = {default: default}
        languages = []
        for code, name in declared.items():
            problem = _language_code_problem(str(code))
            if problem:
                self.report(Diagnostic(source, line, problem))
                continue
            languages.append(Language(str(code), str(name)))
        languages.sort(key=lambda language: language.code != default)
        if languages[0].code != default:
            languages.insert(0, Language(default, default))
        return tuple(languages)

    def translated_course(self, course: Course, base_rel: str) -> Course | None:
        """The course's title and description from a translation's own ``course.yml``."""
        file = self.root / base_rel / "course.yml"
        if not file.is_file():
            return None
        source = self.display(f"{base_rel}course.yml")
        try:
            document = read_yaml_file(file, source)
        except ContentError as exc:
            self.report(exc.diagnostic)
            return None
        data, problems = validate(document, TRANSLATED_COURSE_KEYS, source, require_title=False)
        self.report(problems)
        for key in sorted(data.keys() - TRANSLATED_COURSE_KEYS.keys()):
            message = f"'{key}' is not translated; only 'title' and 'description' are"
            self.report(warning(source, document.line_of(key), message))
        return replace(
            course,
            title=str(data.get("title") or course.title),
            description=str(data.get("description") or course.description),
            edition=base_rel.split("/")[1],
        )

    # -- the folder tree -----------------------------------------------------------------

    def chapters(self, base: Path, base_rel: str) -> list[_ChapterDir]:
        found: list[_ChapterDir] = []
        for entry in sorted(base.iterdir(), key=lambda path: path.name):
            name = entry.name
            relpath = f"{base_rel}{name}"
            if name.startswith((".", "_")) or name in IGNORED_NAMES:
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
                found.append(_ChapterDir(entry, relpath, order, slug))
            elif name.endswith(".md"):
                self.report(
                    Diagnostic(
                        self.display(relpath),
                        0,
                        "lesson file outside a chapter; move it into a chapter folder "
                        "such as 'lessons/01-basics/'",
                    )
                )
        self._check_unique(found, "chapter", base_rel)
        return found

    def _check_unique(self, items: list[Any], what: str, base_rel: str) -> None:
        by_slug: dict[str, str] = {}
        by_order: dict[int, str] = {}
        for item in items:
            relpath = item.relpath if isinstance(item, _ChapterDir) else item.lesson.relpath
            slug = item.slug if isinstance(item, _ChapterDir) else item.lesson.slug
            order = item.order if isinstance(item, _ChapterDir) else item.lesson.order
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

    def read_chapter(self, chapter: _ChapterDir, lang_prefix: str, lang: str) -> None:
        self.read_chapter_meta(chapter, lang_prefix, lang)
        for entry in sorted(chapter.path.iterdir(), key=lambda path: path.name):
            name = entry.name
            if (
                not name.endswith(".md")
                or name.startswith((".", "_"))
                or name in IGNORED_NAMES
                or name == "index.md"
                or not entry.is_file()
            ):
                continue
            lesson = self.read_lesson(chapter, entry, lang_prefix, lang)
            if lesson is not None:
                chapter.lessons.append(lesson)
        self._check_unique(chapter.lessons, "lesson", chapter.relpath)
        if not chapter.lessons and any(d.startswith(chapter.relpath + "/") for d in self.drafts):
            self.report(
                warning(
                    self.display(chapter.relpath),
                    0,
                    "every lesson of this chapter is a draft, so the chapter is not published "
                    "yet; remove 'draft: true' from a lesson to publish it",
                )
            )
        elif not chapter.lessons:
            self.report(
                Diagnostic(
                    self.display(chapter.relpath),
                    0,
                    "this chapter has no lessons; add a file such as '01-introduction.md'",
                )
            )

    def read_chapter_meta(self, chapter: _ChapterDir, lang_prefix: str, lang: str) -> None:
        """A chapter's title and summary from chapter.yml, or index.md and its introduction."""
        meta_file = chapter.path / "chapter.yml"
        index_file = chapter.path / "index.md"
        if meta_file.is_file():
            source = self.display(f"{chapter.relpath}/chapter.yml")
            try:
                data, problems = validate(read_yaml_file(meta_file, source), CHAPTER_KEYS, source)
                self.report(problems)
                chapter.meta = data
            except ContentError as exc:
                self.report(exc.diagnostic)
        elif index_file.is_file():
            relpath = f"{chapter.relpath}/index.md"
            parsed = self.parse(index_file, relpath, LESSON_KEYS)
            if parsed:
                chapter.meta, body, body_line = parsed
                if body.strip():
                    chapter.intro = RenderInput(
                        self.root,
                        relpath,
                        self.display(relpath),
                        lang_prefix,
                        body,
                        body_line,
                        lang=lang,
                    )
        else:
            self.report(
                warning(
                    self.display(chapter.relpath),
                    0,
                    "the chapter has no chapter.yml or index.md; its title is made from "
                    "the folder name",
                )
            )

    def parse(
        self, file: Path, relpath: str, rules: dict
    ) -> tuple[dict[str, Any], str, int] | None:
        """Read a Markdown file's front matter and body; unchanged files come from the cache."""
        source = self.display(relpath)
        try:
            stat = file.stat()
            key = (relpath, stat.st_size, stat.st_mtime_ns, id(rules) == id(LESSON_KEYS))
        except OSError:
            key = None
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
            text = decode(file.read_bytes(), source)
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
        data, problems = validate(split.meta, rules, source)
        return (data, split.body, split.body_line), tuple(problems)

    def read_lesson(
        self, chapter: _ChapterDir, file: Path, lang_prefix: str, lang: str
    ) -> _LessonFile | None:
        relpath = f"{chapter.relpath}/{file.name}"
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
            chapter_slug=chapter.slug,
            slug=slug,
            order=order,
            path=f"{lang_prefix}{chapter.slug}/{slug}/",
            title=_title_from(slug),
        )
        parsed = self.parse(file, relpath, LESSON_KEYS)
        if parsed is None:
            error = self.diagnostics[-1]
            return _LessonFile(replace(base, error=error))
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
        )
        return _LessonFile(lesson, render)


def _with_rendering(lesson: Lesson, rendered: Rendered) -> Lesson:
    texts = rendered.texts_html
    objectives = len(lesson.objectives)
    return replace(
        lesson,
        rendered=rendered,
        content_hash=rendered.key,
        summary_html=texts[0] if texts else "",
        objectives_html=texts[1 : 1 + objectives],
        keypoints_html=texts[1 + objectives :],
    )


#: A language tag as pages, ``lang`` attributes and folder names can use it: ``es``, ``pt-BR``.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _language_code_problem(code: str) -> str:
    """Why ``code`` cannot name a language of the course, or ""."""
    if not LANGUAGE_TAG.fullmatch(code):
        return (
            f"'{code}' is not a language code; use a code such as 'es' or 'pt-BR' "
            "(letters, then optional '-' parts)"
        )
    if code in RESERVED:
        return f"'{code}' is an address the site itself uses; it cannot be a language code"
    return ""


def _title_from(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _normalise_base(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    return "/" + value.strip("/") + "/" if value.strip("/") else "/"


def _link(lessons: list[Lesson]) -> list[Lesson]:
    """Set each lesson's previous and next lesson, across chapter boundaries."""
    linked = []
    for index, lesson in enumerate(lessons):
        previous = lessons[index - 1].path if index else None
        following = lessons[index + 1].path if index + 1 < len(lessons) else None
        linked.append(replace(lesson, previous=previous, next=following))
    return linked


def _inside(lessons_dir: Path, relpath: str) -> bool:
    """Whether ``relpath`` is a file that really lies under ``lessons_dir`` (no link out)."""
    file = lessons_dir / relpath
    return file.is_file() and file.resolve().is_relative_to(lessons_dir.resolve())


def fingerprint(lessons_dir: Path) -> str:
    """A cheap hash of every file's name, size and modification time under ``lessons_dir``."""
    digest = hashlib.sha1(usedforsecurity=False)
    stack = [lessons_dir]
    entries = []
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    else:
                        try:
                            stat = entry.stat()
                        except OSError:
                            continue
                        entries.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except OSError:
            continue
    for line in sorted(entries):
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def load_index(
    lessons_dir: Path,
    *,
    include_drafts: bool = False,
    cache: RenderCache | None = None,
    workers: int = 1,
) -> ContentIndex:
    """Read, render and link every chapter and lesson under ``lessons_dir``."""
    stamp = fingerprint(lessons_dir)
    loader = Loader(lessons_dir, include_drafts)
    if not lessons_dir.is_dir():
        problem = Diagnostic(str(lessons_dir), 0, "the lessons folder does not exist")
        return ContentIndex(Course("Untitled course"), {"en": Edition("en", "", ())}, (problem,))
    course = loader.course()
    cache = cache if cache is not None else RenderCache(None)
    loader.language_codes = {language.code for language in course.languages}
    loader.default_language = course.default_language
    loader.parsed_before = cache.load_parsed(lessons_dir)
    originals = loader.chapters(lessons_dir, "")
    for chapter in originals:
        loader.read_chapter(chapter, "", course.default_language)
    chapter_sets = [(course.default_language, "", "", originals)]
    for language in course.languages[1:]:
        from .translations import translated_chapters

        chapters = translated_chapters(loader, originals, language.code)
        chapter_sets.append(
            (language.code, f"{language.code}/", f"{TRANSLATIONS}/{language.code}/", chapters)
        )
    # Render everything in one batch so the worker processes are started once.
    inputs: list[RenderInput] = []
    for _, _, _, chapters in chapter_sets:
        for chapter in chapters:
            if chapter.intro:
                inputs.append(chapter.intro)
            inputs.extend(item.render for item in chapter.lessons if item.render)
    rendered_list, keys = render_many(inputs, cache, workers)
    rendered = {
        (item.relpath, item.lang_prefix): replace(result, key=key)
        for item, result, key in zip(inputs, rendered_list, keys, strict=True)
    }
    cache.retain(set(keys))
    cache.save_parsed(lessons_dir, loader.parsed)
    for result in rendered.values():
        loader.report(list(result.diagnostics))
    editions: dict[str, Edition] = {}
    for lang, prefix, base_rel, chapters in chapter_sets:
        built = []
        for chapter in chapters:
            if chapter.meta.get("draft") and not include_drafts:
                continue
            if not chapter.lessons:
                continue  # nothing published in it yet (reported above)
            lessons = []
            for item in chapter.lessons:
                lesson = item.lesson
                if item.render is not None:
                    result = rendered[item.render.relpath, item.render.lang_prefix]
                    lesson = _with_rendering(lesson, result)
                lessons.append(lesson)
            built.append(
                Chapter(
                    source=loader.display(chapter.relpath),
                    relpath=chapter.relpath,
                    lang=lang,
                    slug=chapter.slug,
                    order=chapter.order,
                    path=f"{prefix}{chapter.slug}/",
                    title=str(chapter.meta.get("title") or _title_from(chapter.slug)),
                    summary=str(chapter.meta.get("summary") or ""),
                    intro=rendered[chapter.intro.relpath, chapter.intro.lang_prefix]
                    if chapter.intro
                    else None,
                    lessons=tuple(lessons),
                    text_lang=chapter.text_lang,
                )
            )
        linked = iter(_link([lesson for chapter in built for lesson in chapter.lessons]))
        built = [
            replace(chapter, lessons=tuple(next(linked) for _ in chapter.lessons))
            for chapter in built
        ]
        glossary, problems = read_glossary(
            lessons_dir / base_rel / GLOSSARY,
            loader.display(base_rel + GLOSSARY),
            base_rel,
            process_renderer().inline,
        )
        loader.report(problems)
        if base_rel and not (lessons_dir / base_rel / GLOSSARY).is_file():
            glossary = tuple(
                replace(
                    entry,
                    link=prefix + entry.link
                    if entry.link and "://" not in entry.link
                    else entry.link,
                )
                for entry in editions[course.default_language].glossary
            )
        translated = loader.translated_course(course, base_rel) if base_rel else None
        editions[lang] = Edition(lang, prefix, tuple(built), glossary, translated)
    assets = frozenset(
        link.resolved
        for result in rendered.values()
        for link in result.links
        if link.kind == "asset"
        and not link.resolved.startswith("..")
        and _inside(lessons_dir, link.resolved)
    )
    examples = frozenset(unit for result in rendered.values() for unit in result.examples)
    diagnostics = tuple(sorted(set(loader.diagnostics)))
    return ContentIndex(
        course,
        editions,
        diagnostics,
        assets=assets,
        examples=examples,
        fingerprint=stamp,
        drafts=frozenset(loader.drafts),
    )


__all__ = ["load_index", "fingerprint", "RESERVED", "TRANSLATIONS"]
