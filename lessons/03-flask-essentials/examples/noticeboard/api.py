"""The JSON API, with its first version in a blueprint nested inside the ``api`` blueprint."""

from __future__ import annotations

from flask import Blueprint, abort

from . import store

# --8<-- [start:nested]
bp = Blueprint("api", __name__, url_prefix="/api")
v1 = Blueprint("v1", __name__, url_prefix="/v1")


@v1.get("/notices")
def notices() -> dict[str, list[store.Notice]]:
    return {"notices": store.all_notices()}


@v1.get("/notices/<int:notice_id>")
def notice(notice_id: int) -> store.Notice:
    found = store.get_notice(notice_id)
    if found is None:
        abort(404, f"Notice {notice_id} doesn't exist.")
    return found


bp.register_blueprint(v1)  # inside "api": URLs start with /api/v1, endpoints with api.v1.
# --8<-- [end:nested]
