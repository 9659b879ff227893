"""``python build.py check``: every problem in the course, by file and line, all at once.

Reading and rendering already report what is wrong inside one file (front matter, quizzes,
includes); this module adds what needs the whole course: links between lessons, anchors,
images, and blocks in the wrong place.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Diagnostic, Severity
from .frontmatter import decode, split_front_matter
from .glossary import find
from .loader import load_index
from .model import ContentIndex, Edition, Lesson, Link
from .paths import page_path
from .rendering.scan import code_lines


class _SourceLines:
    """A lesson's lines outside code blocks, to find the line a link is on.

    The file is read only when a problem needs its line: a clean course reads nothing twice.
    """

    def __init__(self, lessons_dir: Path, lesson: Lesson) -> None:
        self.lessons_dir = lessons_dir
        self.lesson = lesson
        self.lines: list[str] | None = None
        self.first = 1
        self.code: set[int] = set()

    def _read(self) -> list[str]:
        if self.lines is not None:
            return self.lines
        lesson = self.lesson
        try:
            split = split_front_matter(
                decode((self.lessons_dir / lesson.relpath).read_bytes(), lesson.source),
                lesson.source,
            )
        except (ContentError, OSError):
            self.lines = []
            return self.lines
        self.lines = split.body.split("\n")
        self.first = split.body_line
        self.code = code_lines(self.lines)
        return self.lines

    def find(self, text: str) -> int:
        for index, line in enumerate(self._read()):
            if index not in self.code and text in line:
                return self.first + index
        return 0


def _check_link(
    link: Link, lesson: Lesson, edition: Edition, index: ContentIndex, lessons_dir: Path
) -> str | None:
    if link.kind == "anchor":
        if link.fragment and lesson.rendered and link.fragment not in lesson.rendered.anchors:
            return f"there is no heading or anchor '#{link.fragment}' in this lesson"
        return None
    if link.kind == "page":
        path = page_path(link.resolved)
        target = _page(index, path)
        if target is None and link.resolved in index.drafts:
            return (
                f"the link '{link.target}' points to a draft lesson, which is not published; "
                "publish it (remove 'draft: true') or remove the link"
            )
        if target is None:
            return f"the link '{link.target}' points to a lesson that does not exist"
        if link.fragment and isinstance(target, Lesson) and target.rendered:
            if link.fragment not in target.rendered.anchors:
                return f"'{target.relpath}' has no heading or anchor '#{link.fragment}'"
        return None
    if link.kind == "asset":
        if link.resolved.startswith(".."):
            return f"'{link.target}' is outside the lessons folder"
        file = lessons_dir / link.resolved
        if not file.is_file():
            what = "image" if link.is_image else "file"
            return f"the {what} '{link.target}' does not exist"
        if not file.resolve().is_relative_to(lessons_dir.resolve()):
            return f"'{link.target}' is a link to a file outside the lessons folder"
    return None


def _page(index: ContentIndex, path: str | None) -> Lesson | object | None:
    if path is None:
        return None
    for edition in index.editions.values():
        if path in edition.pages:
            return edition.pages[path]
    return None


def check_index(index: ContentIndex, lessons_dir: Path) -> list[Diagnostic]:
    """Problems that need the whole course to be seen."""
    problems: list[Diagnostic] = []
    for edition in index.editions.values():
        for lesson in edition.lessons:
            if lesson.rendered is None:
                continue
            lines = _SourceLines(lessons_dir, lesson)
            for link in lesson.rendered.links:
                message = _check_link(link, lesson, edition, index, lessons_dir)
                if message:
                    problems.append(Diagnostic(lesson.source, lines.find(link.target), message))
                if link.is_image and link.kind != "external" and not link.alt.strip():
                    problems.append(
                        Diagnostic(
                            lesson.source,
                            lines.find(link.target),
                            f"the image '{link.target}' has no alt text; describe it in the "
                            "brackets: ![what it shows](...)",
                        )
                    )
            for term in lesson.rendered.glossary_refs:
                if find(edition.glossary, term) is None:
                    problems.append(
                        Diagnostic(
                            lesson.source,
                            lines.find(f"[[{term}"),
                            f"'{term}' is not in the glossary; add it to glossary.yml",
                        )
                    )
            if lesson.rendered.words == 0 and not lesson.rendered.quizzes and lesson.error is None:
                problems.append(
                    Diagnostic(lesson.source, 0, "the lesson has no text", Severity.WARNING)
                )
        own = f"{edition.prefix and '_translations/' + edition.prefix}glossary.yml"
        if edition.prefix and not (lessons_dir / own).is_file():
            continue  # the original's glossary, shown in this language: checked once, above
        glossary_file = f"{lessons_dir.name}/{own}"
        for entry in edition.glossary:
            if entry.link and "://" not in entry.link and entry.link not in edition.pages:
                problems.append(
                    Diagnostic(
                        glossary_file,
                        entry.line,
                        f"the link of '{entry.term}' points to a lesson that does not exist",
                    )
                )
    problems.extend(_translated_quizzes(index))
    return problems


def _translated_quizzes(index: ContentIndex) -> list[Diagnostic]:
    """A translation translates a quiz's words, never its answers."""
    problems = []
    originals = index.default
    for edition in list(index.editions.values())[1:]:
        for lesson in edition.lessons:
            if lesson.status not in ("translated", "stale") or lesson.rendered is None:
                continue
            original = originals.lesson(lesson.original)
            if original is None or original.rendered is None:
                continue
            theirs = original.rendered.quiz_shapes
            ours = lesson.rendered.quiz_shapes
            if len(ours) != len(theirs):
                line = ours[0][0] if ours else 0
                message = f"the original has {len(theirs)} quiz(zes), this translation {len(ours)}"
                problems.append(Diagnostic(lesson.source, line, message))
                continue
            for number, ((line, shape), (_, expected)) in enumerate(
                zip(ours, theirs, strict=True), 1
            ):
                if shape != expected:
                    problems.append(
                        Diagnostic(
                            lesson.source,
                            line,
                            (
                                f"quiz {number} differs from the original's: translate its words "
                                "but keep its questions, options and correct answers"
                            ),
                        )
                    )
    return problems


def all_problems(index: ContentIndex, lessons_dir: Path) -> list[Diagnostic]:
    """What reading and rendering found and what needs the whole course, sorted by file and
    line: the one list both ``check`` and the build report."""
    return sorted(set(index.diagnostics) | set(check_index(index, lessons_dir)))


def check_course(lessons_dir: Path, *, cache_dir: Path | None = None) -> list[Diagnostic]:
    """Load the course as the site publishes it and return all its problems."""
    from .render_pool import RenderCache

    index = load_index(lessons_dir, cache=RenderCache(cache_dir), workers=2)
    return all_problems(index, lessons_dir)
