"""The learner's pages: course home, chapters, lessons, lesson files and the 404 page.

Controllers only look pages up in the content index and hand them to a template.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from markupsafe import escape

from ..content import get_index
from ..highlight import stylesheet
from ..model import Chapter, Edition, Lesson
from ..pagecache import cached_page
from ..urls import ABSOLUTE_ROOT, base_path, canonical

bp = Blueprint("pages", __name__)


def edition() -> Edition:
    return get_index().default


@bp.get("/")
@cached_page
def home() -> str:
    return render_template("home.html", edition=edition())


@bp.get("/<slug:chapter>/")
@cached_page
def chapter(chapter: str) -> str:
    found = edition().pages.get(f"{chapter}/")
    if not isinstance(found, Chapter):
        abort(404)
    return render_template("chapter.html", edition=edition(), chapter=found)


@bp.get("/<slug:chapter>/<slug:lesson>/")
@cached_page
def lesson(chapter: str, lesson: str) -> tuple[str, int] | str:
    current = edition()
    found = current.pages.get(f"{chapter}/{lesson}/")
    if not isinstance(found, Lesson):
        abort(404)
    if found.error is not None:
        return render_template("content_error.html", edition=current, lesson=found), 500
    return render_template(
        "lesson.html",
        edition=current,
        chapter=current.chapter_of(found),
        lesson=found,
        previous=current.lesson(found.previous),
        next=current.lesson(found.next),
    )


@bp.get("/media/<path:path>")
def media(path: str) -> Response:
    """Images and files that lessons show or link to; only those, nothing else in lessons/."""
    index = get_index()
    if path not in index.assets:
        abort(404)
    lessons_dir = current_app.extensions["courseware"].lessons_dir
    return send_file(lessons_dir / path, max_age=3600)


@bp.get("/theme/highlight.css")
def highlight_css() -> Response:
    return Response(stylesheet(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


@bp.get("/404.html")
def not_found_page() -> str:
    """The page static hosts show for unknown addresses; its links work from any depth."""
    if current_app.config["COURSEWARE_LINK_STYLE"] != "absolute":
        request.environ[ABSOLUTE_ROOT] = base_path()
    return render_template("404.html", edition=edition())


def page_not_found(error: Exception) -> tuple[str, int]:
    return render_template("404.html", edition=edition()), 404


def sitemap() -> Response:
    """Every page's absolute address, for search engines; only when the site's URL is known."""
    index = get_index()
    paths = [""]
    for edition in index.editions.values():
        prefix = edition.prefix
        if prefix:
            paths.append(prefix)
        for chapter in edition.chapters:
            paths.append(chapter.path)
            paths.extend(lesson.path for lesson in chapter.lessons)
    body = "".join(f"<url><loc>{escape(canonical(path))}</loc></url>" for path in paths)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
    )
    return Response(xml, mimetype="application/xml")
