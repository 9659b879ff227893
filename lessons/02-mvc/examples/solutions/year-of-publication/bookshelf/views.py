"""The controllers, with the year read from the form and checked to be a whole number."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .models import Bookshelf

bp = Blueprint("books", __name__)


def get_shelf() -> Bookshelf:
    """Return the model object that ``create_app`` stored on the current app."""
    return current_app.extensions["bookshelf"]


@bp.get("/")
def book_list() -> str:
    """Show every book, and a form for adding one."""
    return render_template("list.html", books=get_shelf().all())


@bp.get("/books/<int:book_id>")
def book_detail(book_id: int) -> str:
    """Show one book, or a 404 page if there is no such book."""
    book = get_shelf().get(book_id)
    if book is None:
        abort(404, f"There is no book with id {book_id}.")
    return render_template("detail.html", book=book)


@bp.post("/books")
def add_book() -> ResponseReturnValue:
    """Add a book from the form, then send the browser to the new book's page."""
    title = request.form.get("title", "")
    author = request.form.get("author", "")
    # --8<-- [start:add_book]
    year = request.form.get("year", "").strip()
    try:
        if not year.isdigit():
            raise ValueError("The year must be a whole number, such as 1818.")
        book = get_shelf().add(title, author, int(year))
    except ValueError as error:
        page = render_template(
            "list.html",
            books=get_shelf().all(),
            error=str(error),
            title=title,
            author=author,
            year=year,
        )
        return page, 400
    # --8<-- [end:add_book]
    return redirect(url_for("books.book_detail", book_id=book.id))
