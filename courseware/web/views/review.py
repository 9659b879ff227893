"""The review page: the quiz questions a learner got wrong come back, spaced over days.

The page carries every question of the course (of its language) in inert ``<template>``
elements; ``static/js/review.js`` shows those that the learner's review queue, kept in the
browser with the rest of the progress, says are due. No server and no account are involved,
so the page works on any static host, under any sub-path, and opened from disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, render_template
from markupsafe import Markup

from ...course.model import Edition, Lesson
from ...course.rendering.elements import extract, namespace_ids
from ..pagecache import cached_page
from ..urls import current_edition, fragment

bp = Blueprint("review", __name__)

#: The id a question has in its lesson (``q1-2``: quiz 1, question 2), as quiz.py writes it.
QUESTION_ID = re.compile(r'<fieldset class="quiz-question"[^>]* data-question="([^"]+)"')


@dataclass(frozen=True)
class ReviewQuestion:
    """A question as a lesson shows it, ready to come back on the review page."""

    id: str  #: the lesson's key and the question's id in it: ``mvc/what-is-mvc/#q1-2``
    lesson: Lesson
    html: Markup  #: its ``<fieldset>``, with ids made unique in the review page


def questions(edition: Edition) -> list[ReviewQuestion]:
    """Every quiz question of an edition, in course order."""
    found = []
    for lesson in edition.lessons:
        if lesson.rendered is None or not lesson.rendered.quizzes:
            continue
        for form in extract(lesson.html, "form", "quiz"):
            for fieldset in extract(form, "fieldset", "quiz-question"):
                question = QUESTION_ID.search(fieldset)
                if question is None:
                    continue
                number = len(found) + 1
                html = fragment(namespace_ids(fieldset, f"r{number}-"))
                found.append(ReviewQuestion(f"{lesson.key}#{question[1]}", lesson, html))
    return found


@bp.get("/review/")
@cached_page
def page() -> str:
    edition = current_edition()
    return render_template("review.html", edition=edition, questions=questions(edition))
