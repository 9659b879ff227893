"""Files of the site as a whole: lesson media, the code colours, the 404 page, the sitemap."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from markupsafe import escape

from ...course.reads import note
from ...course.rendering.highlight import stylesheet
from ...course.rendering.links import active_file
from ..content import get_index
from ..minify import css
from ..urls import ABSOLUTE_ROOT, base_path, canonical, current_edition, site_url

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
    if not active_file(path):
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
    """The code colours (minified like our own stylesheets)."""
    return Response(
        css(stylesheet()), mimetype="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@bp.get("/404.html")
def not_found_page() -> str:
    """The page static hosts show for unknown addresses; its links work from any depth."""
    if current_app.config["COURSEWARE_LINK_STYLE"] != "absolute":
        request.environ[ABSOLUTE_ROOT] = base_path()
    return render_template("404.html", edition=current_edition())


def page_not_found(error: Exception) -> tuple[str, int]:
    return render_template("404.html", edition=current_edition()), 404


#: The sitemap protocol's limit of addresses in one file; a larger site gets an index.
SITEMAP_URLS = 50_000
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemap_urls() -> list[str]:
    """Every learner page's absolute address, in every language.

    The versions of a page in other languages are named in each page's own head
    (``<link rel="alternate" hreflang>``), which search engines read as well; naming them
    here again made the sitemap grow with the square of the number of languages (15 MB
    for 51 languages).
    """
    note(("pages", "learner"))
    pages = current_app.extensions["courseware"].site_pages()
    return [canonical(page.url[1:]) for page in pages if page.learner]


def _xml(body: str) -> Response:
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", mimetype="application/xml"
    )


def _urlset(urls: list[str]) -> Response:
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return _xml(f'<urlset xmlns="{SITEMAP}">{entries}</urlset>')


def sitemap() -> Response:
    """The site's addresses for search engines (only when the site's URL is known); past
    :data:`SITEMAP_URLS` addresses, an index of sitemaps of that many each."""
    if not site_url():
        abort(404)
    urls = _sitemap_urls()
    parts = sitemap_parts(len(urls))
    if not parts:
        return _urlset(urls)
    entries = "".join(
        f"<sitemap><loc>{escape(canonical(f'sitemap-{part}.xml'))}</loc></sitemap>"
        for part in range(1, parts + 1)
    )
    return _xml(f'<sitemapindex xmlns="{SITEMAP}">{entries}</sitemapindex>')


def sitemap_part(part: int) -> Response:
    """One sitemap of a large site's index (numbered from 1)."""
    if not site_url():
        abort(404)
    urls = _sitemap_urls()
    chosen = urls[(part - 1) * SITEMAP_URLS : part * SITEMAP_URLS]
    if part < 1 or not chosen:
        abort(404)
    return _urlset(chosen)


def sitemap_parts(urls: int) -> int:
    """How many sitemaps an index lists for ``urls`` addresses (0: one sitemap, no index)."""
    return 0 if urls <= SITEMAP_URLS else (urls + SITEMAP_URLS - 1) // SITEMAP_URLS
