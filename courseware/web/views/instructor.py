"""The instructor view: every lesson with its instructor notes and timings, and a schedule.

Learner pages never contain instructor notes; these pages do, and are marked as such.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from ...course.model import Lesson
from ..pagecache import cached_page
from ..urls import current_edition
from .pages import render_lesson

bp = Blueprint("instructor", __name__, url_prefix="/instructor")


@bp.get("/")
@cached_page
def schedule() -> str:
    """Every lesson with its teaching and exercise time, and running totals."""
    edition = current_edition()
    rows = []
    course_total = 0
    for chapter in edition.chapters:
        chapter_total = 0
        lessons = []
        for lesson in chapter.lessons:
            minutes = (lesson.minutes or 0) + (lesson.exercises_minutes or 0)
            chapter_total += minutes
            course_total += minutes
            lessons.append((lesson, minutes, course_total))
        rows.append((chapter, lessons, chapter_total))
    return render_template(
        "instructor/schedule.html", edition=edition, rows=rows, total=course_total
    )


@bp.get("/<slug:chapter>/<slug:lesson>/")
@cached_page
def lesson(chapter: str, lesson: str) -> str:
    edition = current_edition()
    found = edition.pages.get(f"{edition.prefix}{chapter}/{lesson}/")
    if not isinstance(found, Lesson) or found.rendered is None:
        abort(404)
    return render_lesson(edition, found, view="instructor/")
