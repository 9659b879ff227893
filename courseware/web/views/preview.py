"""Live preview for instructors: open tabs reload themselves when a lesson file changes.

Registered only when preview is on (debug mode, or ``COURSEWARE_PREVIEW``), never in
production.
"""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify, request

from ..content import get_content

bp = Blueprint("preview", __name__, url_prefix="/_preview")


#: How long a tab's question "has anything changed since FINGERPRINT?" is held open when
#: nothing has, and how often the files are looked at meanwhile (the content's own check
#: interval still bounds how often they are read).
WAIT_SECONDS = 20.0
LOOK_EVERY = 0.1


@bp.get("/state")
def state() -> Response:
    """The fingerprint of the lessons; ``static/js/preview.js`` asks with the one its page was
    made from (``?known=``), and the answer comes as soon as the lessons differ (a save shows
    in the browser within a few tenths of a second), or after :data:`WAIT_SECONDS` anyway."""
    content = get_content()
    index = content.refresh()
    known = request.args.get("known")
    if known is not None:
        deadline = time.monotonic() + WAIT_SECONDS
        while index.fingerprint == known and time.monotonic() < deadline:
            time.sleep(LOOK_EVERY)
            index = content.refresh()
    response = jsonify(fingerprint=index.fingerprint, problems=len(index.diagnostics))
    response.headers["Cache-Control"] = "no-store"
    return response
