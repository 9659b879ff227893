"""Search: a server-rendered results page, and the index files the browser searches with.

The same files serve the live site and the static site, so both search the same way.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template, request

from ...course.reads import note
from ..content import get_content
from ..urls import current_edition

bp = Blueprint("search", __name__, url_prefix="/search")

SHARD = re.compile(r"[a-z0-9_]{1,2}")
MAX_QUERY = 200


def _json(data: bytes | None) -> Response:
    if data is None:
        abort(404)
    return Response(data, mimetype="application/json", headers={"Cache-Control": "max-age=300"})


@bp.get("/")
def page() -> str:
    """Results rendered on the server, so search works without JavaScript."""
    edition = current_edition()
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    results = get_content().search(edition.lang).query(query) if query else []
    return render_template("search.html", edition=edition, query=query, results=results)


@bp.get("/meta.json")
def meta() -> Response:
    lang = current_edition().lang
    note(("search", lang, "meta"))
    return _json(get_content().search(lang).meta_json())


@bp.get("/t/<name>.json")
def shard(name: str) -> Response:
    if not SHARD.fullmatch(name):
        abort(404)
    lang = current_edition().lang
    note(("search", lang, f"t/{name}"))
    return _json(get_content().search(lang).shard_json(name))


@bp.get("/l/<int:number>.json")
def lesson(number: int) -> Response:
    lang = current_edition().lang
    note(("search", lang, f"l/{number}"))
    return _json(get_content().search(lang).lesson_json(number))


@bp.get("/index.js")
def script() -> Response:
    """The whole index as one script: what an offline copy, opened from disk, searches with."""
    lang = current_edition().lang
    index = get_content().search(lang)
    for name in index.fingerprints:
        note(("search", lang, name))
    return Response(
        index.script_js(), mimetype="text/javascript", headers={"Cache-Control": "max-age=300"}
    )
