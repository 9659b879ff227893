"""The review page: the quiz questions a learner got wrong come back, spaced over days.

The page holds no question. The learner's review queue, kept in the browser with the rest of
the progress, names each question by its lesson and its id in it (``mvc/what-is-mvc/#q1-2``);
``static/js/review.js`` fetches the lessons of the questions that are due and shows them from
there. So the page reads no lesson, and no edit of a lesson renders it again. No server and
no account are involved: it works on any static host and under any sub-path; opened from
disk, where a page cannot fetch another, it links to the due questions in their lessons.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from ..pagecache import cached_page
from ..urls import current_edition

bp = Blueprint("review", __name__)


@bp.get("/review/")
@cached_page
def page() -> str:
    return render_template("review.html", edition=current_edition())
