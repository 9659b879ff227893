"""The public pages: the list of notices and one page per notice."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template

from . import store

bp = Blueprint("pages", __name__)


# --8<-- [start:context]
@bp.app_context_processor
def board_name() -> dict[str, Any]:
    """Every template of the app, whichever blueprint renders it, knows the board's name."""
    return {"board_name": current_app.config["BOARD_NAME"]}


# --8<-- [end:context]


# --8<-- [start:views]
@bp.route("/")
def index() -> str:
    return render_template("pages/index.html", notices=store.all_notices())


@bp.route("/notices/<int:notice_id>")
def notice(notice_id: int) -> str:
    found = store.get_notice(notice_id)
    if found is None:
        abort(404, f"Notice {notice_id} doesn't exist.")
    return render_template("pages/notice.html", notice=found)


# --8<-- [end:views]
