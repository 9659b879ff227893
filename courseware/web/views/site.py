"""Files of the site as a whole: lesson media, the code colours, the 404 page, the sitemap."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from markupsafe import escape

from ...course.reads import note
from ...course.rendering.highlight import stylesheet
from ...course.rendering.links import ACTIVE_SUFFIXES
from ..content import get_index
from ..urls import ABSOLUTE_ROOT, base_path, canonical, current_edition

bp = Blueprint("site", __name__)

#: For lesson files a browser could run: no scripts, no requests, an opaque origin.
MEDIA_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


@bp.get("/media/<path:path>")
def media(path: str) -> Response:
    """Images and files that lessons show or link to; only those, nothing else in lessons/."""
    index = get_index()
    if path not in index.assets:
        abort(404)
    lessons_dir = current_app.extensions["courseware"].lessons_dir
    note(("file", str(lessons_dir / path)))
    if not path.lower().endswith(ACTIVE_SUFFIXES):
        return send_file(lessons_dir / path, max_age=3600)
    # A page, script or SVG that a lesson links to is a file to download, never a page of
    # this origin: opened, it runs sandboxed (no scripts, an origin of its own).
    script = path.lower().endswith((".js", ".mjs"))
    response = send_file(
        lessons_dir / path,
        max_age=3600,
        as_attachment=True,
        mimetype="text/plain" if script else None,  # with nosniff, never run as a script
    )
    response.headers["Content-Security-Policy"] = MEDIA_POLICY
    return response


@bp.get("/theme/highlight.css")
def highlight_css() -> Response:
    return Response(stylesheet(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


@bp.get("/404.html")
def not_found_page() -> str:
    """The page static hosts show for unknown addresses; its links work from any depth."""
    if current_app.config["COURSEWARE_LINK_STYLE"] != "absolute":
        request.environ[ABSOLUTE_ROOT] = base_path()
    return render_template("404.html", edition=current_edition())


def page_not_found(error: Exception) -> tuple[str, int]:
    return render_template("404.html", edition=current_edition()), 404


def sitemap() -> Response:
    """Every page's absolute address, for search engines; only when the site's URL is known.

    Each page names its versions in the other languages (``xhtml:link`` alternates).
    """
    index = get_index()
    editions = list(index.editions.values())
    entries = []
    for relative in _page_paths():
        links = [(e.lang, escape(canonical(e.prefix + relative))) for e in editions]
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>' for lang, href in links
        )
        for _, href in links:
            entries.append(f"<url><loc>{href}</loc>{alternates if len(links) > 1 else ''}</url>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        f"{''.join(entries)}</urlset>\n"
    )
    return Response(xml, mimetype="application/xml")


def _page_paths() -> list[str]:
    """The learner pages of the course's own language (from the list of the site's pages),
    as paths within one language: "", "mvc/", "mvc/what-is-mvc/"."""
    note(("pages", "learner"))
    pages = current_app.extensions["courseware"].site_pages()
    return [page.url[1:] for page in pages if page.learner and "_lang." not in page.endpoint]
