"""The files of each runnable example, for the in-browser playground (Pyodide).

Learner code never runs on this server: the browser fetches an example's files from here and
runs them in a Web Worker.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app

from ...course.reads import note
from ...course.rendering.runnable import entry_module, unit_files
from ..content import get_index

bp = Blueprint("playground", __name__, url_prefix="/playground")


@bp.get("/examples/<path:unit>.json")
def example(unit: str) -> Response:
    """One example's files (only examples that lessons show, nothing else of lessons/)."""
    if unit not in get_index().examples:
        abort(404)
    lessons_dir = current_app.extensions["courseware"].lessons_dir
    note(("example", unit))
    files = unit_files(lessons_dir, unit)
    if not files:
        abort(404)
    body = {"unit": unit, "module": entry_module(unit), "files": files}
    data = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Response(data, mimetype="application/json", headers={"Cache-Control": "max-age=300"})
