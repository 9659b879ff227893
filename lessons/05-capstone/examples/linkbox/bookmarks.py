"""Bookmarks: list, add and delete the links of the user who is logged in."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .forms import BookmarkForm
from .models import Bookmark, db

# --8<-- [start:blueprint]
bp = Blueprint("bookmarks", __name__)
# --8<-- [end:blueprint]


# --8<-- [start:index]
@bp.get("/")
@login_required
def index() -> str:
    """List the current user's bookmarks, newest first."""
    query = (
        db.select(Bookmark)
        .where(Bookmark.user_id == current_user.id)
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    )
    bookmarks = db.session.scalars(query).all()
    return render_template("bookmarks/index.html", bookmarks=bookmarks)


# --8<-- [end:index]


# --8<-- [start:add]
@bp.route("/add", methods=["GET", "POST"])
@login_required
def add() -> str | Response:
    """Show the "add" form; save the bookmark when the form is valid."""
    form = BookmarkForm()
    if form.validate_on_submit():
        bookmark = Bookmark(
            url=form.url.data,
            title=form.title.data,
            notes=form.notes.data or "",
            user_id=current_user.id,
        )
        db.session.add(bookmark)
        db.session.commit()
        flash(f"Saved “{bookmark.title}”.", "success")
        return redirect(url_for("bookmarks.index"))
    return render_template("bookmarks/add.html", form=form)


# --8<-- [end:add]


# --8<-- [start:delete]
@bp.post("/<int:bookmark_id>/delete")
@login_required
def delete(bookmark_id: int) -> Response:
    """Delete one of the current user's bookmarks."""
    bookmark = db.get_or_404(Bookmark, bookmark_id, description="No such bookmark.")
    if bookmark.user_id != current_user.id:
        abort(403, "That bookmark belongs to someone else.")
    title = bookmark.title  # read it now: after the commit the row is gone
    db.session.delete(bookmark)
    db.session.commit()
    flash(f"Deleted “{title}”.", "info")
    return redirect(url_for("bookmarks.index"))


# --8<-- [end:delete]
