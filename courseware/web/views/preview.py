"""Live preview for instructors: open tabs reload themselves when a lesson file changes.

Registered only when preview is on (debug mode, or ``COURSEWARE_PREVIEW``), never in
production.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..content import get_content

bp = Blueprint("preview", __name__, url_prefix="/_preview")


@bp.get("/state")
def state() -> Response:
    """The fingerprint of the lessons; ``static/js/preview.js`` polls it and reloads on change."""
    index = get_content().refresh()
    response = jsonify(fingerprint=index.fingerprint, problems=len(index.diagnostics))
    response.headers["Cache-Control"] = "no-store"
    return response
