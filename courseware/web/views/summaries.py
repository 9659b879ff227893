"""Pages that gather the course: key points, objectives and glossary of the whole course;
printable chapters and the exercises handouts, chapter by chapter.

A page that holds the text of many lessons is rendered again whenever one of them changes, and
repeats text the lessons already hold. So the handouts are made per chapter (an edit renders
its own chapter's again) and a printable chapter holds no text at all: its script gathers the
lessons from their own pages.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ...course.model import Chapter, Edition, Lesson
from ...course.rendering.elements import extract, remove
from ..pagecache import cached_page
from ..urls import current_edition

bp = Blueprint("summaries", __name__)


@bp.get("/keypoints/")
@cached_page
def keypoints() -> str:
    return render_template("summaries/by_lesson.html", kind="keypoints", edition=current_edition())


@bp.get("/objectives/")
@cached_page
def objectives() -> str:
    return render_template("summaries/by_lesson.html", kind="objectives", edition=current_edition())


@bp.get("/glossary/")
@cached_page
def glossary() -> str:
    return render_template("summaries/glossary.html", edition=current_edition())


def _chapter(slug: str) -> tuple[Edition, Chapter]:
    edition = current_edition()
    found = edition.pages.get(f"{edition.prefix}{slug}/")
    if not isinstance(found, Chapter):
        abort(404, f"Chapter {slug!r} doesn't exist.")
    return edition, found


@bp.get("/print/<slug:chapter>/")
@cached_page
def print_chapter(chapter: str) -> str:
    """A whole chapter on one page, to print: ``static/js/print.js`` gathers its lessons.

    The page holds the list of the chapter's lessons and none of their text, so it is not a
    second copy of the chapter and an edit of a lesson's body does not render it again.
    """
    edition, found = _chapter(chapter)
    return render_template("summaries/print.html", edition=edition, chapter=found)


def _exercises(chapter: Chapter, solutions: bool) -> list[tuple[Lesson, list[str]]]:
    gathered = []
    for lesson in chapter.lessons:
        if lesson.rendered is None or not lesson.rendered.exercises:
            continue
        blocks = extract(lesson.html, "section", "exercise")
        if not solutions:
            blocks = [remove(block, "details", "solution") for block in blocks]
        gathered.append((lesson, blocks))
    return gathered


def _handout(chapter: str, solutions: bool) -> str:
    edition, found = _chapter(chapter)
    return render_template(
        "summaries/exercises.html",
        edition=edition,
        chapter=found,
        lessons=_exercises(found, solutions),
        solutions=solutions,
    )


@bp.get("/print/<slug:chapter>/exercises/")
@cached_page
def chapter_exercises(chapter: str) -> str:
    """A chapter's exercises, without solutions: a handout for a workshop."""
    return _handout(chapter, solutions=False)


@bp.get("/print/<slug:chapter>/exercises/solutions/")
@cached_page
def chapter_exercises_with_solutions(chapter: str) -> str:
    return _handout(chapter, solutions=True)


@bp.get("/exercises/")
@cached_page
def exercises() -> str:
    """The handouts and printable chapters, chapter by chapter (they hold the text)."""
    return render_template("summaries/handouts.html", edition=current_edition())


@bp.get("/exercises/solutions/")
@cached_page
def exercises_with_solutions() -> str:
    """The same list, kept at the address of the former whole-course handout."""
    return render_template("summaries/handouts.html", edition=current_edition())


@bp.get("/translations/")
@cached_page
def translations() -> str:
    """Per language: lessons translated, up to date, stale and missing, with links."""
    from ...course.translations import status
    from ..content import get_index

    index = get_index()
    return render_template(
        "summaries/translations.html",
        edition=current_edition(),
        statuses=status(index),
        total=len(index.default.lessons),
    )
