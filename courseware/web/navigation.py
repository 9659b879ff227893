"""The sidebar, rendered once per chapter rather than once per page.

Every lesson of a chapter shares the same sidebar but for the mark on the current lesson,
so the rendered sidebar is kept per chapter and the mark is added to a copy. On a course of
a thousand lessons this turns a thousand sidebar renderings into one per chapter.
"""

from __future__ import annotations

from flask import current_app, render_template
from markupsafe import Markup, escape

from ..course.model import Chapter, Edition, Lesson
from ..course.reads import note_all, recording
from .urls import instructor_url, page_end, page_folder, root, url

#: Rendered sidebars kept at most; enough for every chapter of a big course in every view.
KEPT = 2048


def sidebar(
    edition: Edition, chapter: Chapter | None, lesson: Lesson | None, view: str = ""
) -> Markup:
    content = current_app.extensions["courseware"]
    kept = content.sidebars
    key = (
        edition.lang,
        chapter.slug if chapter else None,
        lesson is not None,
        view,
        root(),
        page_folder(),
        page_end(),
    )
    found = kept.get(key)
    if found is None:
        if len(kept) >= KEPT:
            kept.clear()
        with recording() as reads:
            html = render_template(
                "_sidebar.html",
                edition=edition,
                chapter=chapter,
                lesson_page=lesson is not None,
                view=view,
            )
        found = kept[key] = (html, frozenset(reads))
    else:
        note_all(found[1])  # this page shows what the sidebar read
    html = found[0]
    if lesson is not None:
        # The same expression as the template's, so the mark lands on this lesson's link.
        href = instructor_url(lesson) if view and lesson.has_instructor_notes else url(lesson.path)
        marker = f'<a href="{escape(href)}">'
        html = html.replace(marker, f'<a href="{escape(href)}" aria-current="page">', 1)
    return Markup(html)
