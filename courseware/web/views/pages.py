"""The learner's pages: course home, chapters and lessons, in each language of the course.

Controllers only look pages up in the content index and hand them to a template.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ...course.model import Chapter, Edition, Lesson
from ..content import get_content
from ..pagecache import cached_page
from ..urls import current_edition

bp = Blueprint("pages", __name__)


@bp.get("/")
@cached_page
def home() -> str:
    return render_template("home.html", edition=current_edition())


@bp.get("/<slug:chapter>/")
@cached_page
def chapter(chapter: str) -> str:
    edition = current_edition()
    found = edition.pages.get(f"{edition.prefix}{chapter}/")
    if not isinstance(found, Chapter):
        abort(404)
    return render_template("chapter.html", edition=edition, chapter=found)


@bp.get("/<slug:chapter>/<slug:lesson>/")
@cached_page
def lesson(chapter: str, lesson: str) -> tuple[str, int] | str:
    edition = current_edition()
    found = edition.pages.get(f"{edition.prefix}{chapter}/{lesson}/")
    if not isinstance(found, Lesson):
        abort(404)
    if found.error is not None:
        return render_template("content_error.html", edition=edition, lesson=found), 500
    return render_lesson(edition, found)


def render_lesson(edition: Edition, lesson: Lesson, view: str = "") -> str:
    """A lesson page, for learners or (``view="instructor/"``) with the instructor notes."""
    lesson = get_content().ready(lesson)  # a preview renders an asked-for lesson first
    return render_template(
        "lesson.html",
        edition=edition,
        chapter=edition.chapter_of(lesson),
        lesson=lesson,
        previous=edition.lesson(lesson.previous),
        next=edition.lesson(lesson.next),
        view=view,
    )
