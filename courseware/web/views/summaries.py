"""Pages that gather the whole course: key points, objectives, glossary, printable chapters
and the exercises handout."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ...course.model import Chapter
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


@bp.get("/print/<slug:chapter>/")
@cached_page
def print_chapter(chapter: str) -> str:
    """A whole chapter on one page, to print or to read offline."""
    edition = current_edition()
    found = edition.pages.get(f"{edition.prefix}{chapter}/")
    if not isinstance(found, Chapter):
        abort(404)
    return render_template("summaries/print.html", edition=edition, chapter=found)


def _exercises(solutions: bool) -> list[tuple[object, list[str]]]:
    gathered = []
    for lesson in current_edition().lessons:
        if lesson.rendered is None or not lesson.rendered.exercises:
            continue
        blocks = extract(lesson.html, "section", "exercise")
        if not solutions:
            blocks = [remove(block, "details", "solution") for block in blocks]
        gathered.append((lesson, blocks))
    return gathered


@bp.get("/exercises/")
@cached_page
def exercises() -> str:
    """Every exercise by lesson, without solutions: a handout for a workshop."""
    return render_template(
        "summaries/exercises.html",
        edition=current_edition(),
        lessons=_exercises(False),
        solutions=False,
    )


@bp.get("/exercises/solutions/")
@cached_page
def exercises_with_solutions() -> str:
    return render_template(
        "summaries/exercises.html",
        edition=current_edition(),
        lessons=_exercises(True),
        solutions=True,
    )


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
