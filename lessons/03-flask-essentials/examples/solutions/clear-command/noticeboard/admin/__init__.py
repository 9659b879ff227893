"""The admin area: a blueprint in a package of its own, with its own templates folder."""

from __future__ import annotations

import secrets
from typing import Any

import click
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from .. import store

# --8<-- [start:blueprint]
bp = Blueprint("admin", __name__, template_folder="templates")
# --8<-- [end:blueprint]


# --8<-- [start:guard]
@bp.before_request
def require_admin() -> Response | None:
    """Runs before every view of this blueprint, and of no other one."""
    if request.endpoint != "admin.login" and not session.get("admin"):
        return redirect(url_for(".login"))
    return None  # carry on to the view


@bp.context_processor
def admin_area() -> dict[str, Any]:
    """Only templates rendered by this blueprint's views get ``admin_area``."""
    return {"admin_area": True}


# --8<-- [end:guard]


# --8<-- [start:views]
@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "POST":
        given = request.form.get("password", "")
        if secrets.compare_digest(given, current_app.config["ADMIN_PASSWORD"]):
            session["admin"] = True
            return redirect(url_for(".index"))  # ".index" is this blueprint's index
        flash("Wrong password.")
    return render_template("admin/login.html")


@bp.route("/", methods=["GET", "POST"])
def index() -> str | Response:
    if request.method == "POST":
        title = request.form.get("title", "").strip()
        text = request.form.get("text", "").strip()
        if title and text:
            store.add_notice(title, text)
            return redirect(url_for(".index"))
        flash("A notice needs a title and a text.")
    return render_template("admin/index.html", notices=store.all_notices())


# --8<-- [end:views]


# --8<-- [start:cli]
@bp.cli.command("count")
def count() -> None:
    """Print how many notices are on the board."""
    click.echo(f"{len(store.all_notices())} notices")


# --8<-- [end:cli]


# --8<-- [start:clear]
@bp.cli.command("clear")
def clear() -> None:
    """Take every notice off the board."""
    notices = store.all_notices()
    removed = len(notices)
    notices.clear()
    click.echo(f"Removed {removed} notices.")


# --8<-- [end:clear]
