"""A small REST API for books, kept in memory, with JSON everywhere, errors included."""

from __future__ import annotations

from itertools import count
from typing import Any

from flask import Flask, abort, request, url_for
from werkzeug.exceptions import HTTPException

# Each field a book has, with the Python type its JSON value must have.
FIELDS: dict[str, type] = {"title": str, "author": str, "year": int}


# --8<-- [start:validation]
def check_book(data: dict[str, Any], *, partial: bool) -> dict[str, str]:
    """Return a message for each bad field; ``partial`` allows fields to be missing."""
    errors = {}
    for name in data.keys() - FIELDS.keys():
        errors[name] = "Unknown field."
    for name, kind in FIELDS.items():
        if name not in data:
            if not partial:
                errors[name] = "This field is required."
            continue
        value = data[name]
        # bool is a subclass of int in Python, so rule it out explicitly.
        if not isinstance(value, kind) or isinstance(value, bool):
            errors[name] = f"Must be a {'whole number' if kind is int else 'string'}."
        elif kind is str and not value.strip():
            errors[name] = "Must not be empty."
    return errors


# --8<-- [end:validation]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the books API with two books already on the shelf."""
    app = Flask(__name__)
    if test_config is not None:
        app.config.update(test_config)

    books: dict[int, dict[str, Any]] = {
        1: {"id": 1, "title": "Dune", "author": "Frank Herbert", "year": 1965},
        2: {"id": 2, "title": "Emma", "author": "Jane Austen", "year": 1815},
    }
    new_ids = count(3)

    # --8<-- [start:helpers]
    def find_book(book_id: int) -> dict[str, Any]:
        if book_id not in books:
            abort(404, f"There is no book with id {book_id}.")
        return books[book_id]

    def json_object() -> dict[str, Any]:
        """The request body as a dict; get_json() itself answers 415 or 400 for bad bodies."""
        data = request.get_json()
        if not isinstance(data, dict):
            abort(400, "The request body must be a JSON object, like {...}.")
        return data

    def invalid(errors: dict[str, str]) -> tuple[dict[str, Any], int]:
        """A 422 answer that says what is wrong with each field."""
        body = {
            "error": "Unprocessable Content",
            "message": "The book has invalid fields.",
            "status": 422,
            "fields": errors,
        }
        return body, 422

    # --8<-- [end:helpers]

    @app.get("/")
    def home() -> str:
        return '<p>This is a JSON API. Try <a href="/api/books">/api/books</a>.</p>'

    # --8<-- [start:collection]
    # --8<-- [start:filter]
    @app.get("/api/books")
    def list_books() -> list[dict[str, Any]]:
        author = request.args.get("author")
        if author is None:
            return list(books.values())
        wanted = author.casefold()
        return [book for book in books.values() if book["author"].casefold() == wanted]

    # --8<-- [end:filter]

    @app.post("/api/books")
    def create_book():
        data = json_object()
        if errors := check_book(data, partial=False):
            return invalid(errors)
        book = {"id": next(new_ids), **{name: data[name] for name in FIELDS}}
        books[book["id"]] = book
        return book, 201, {"Location": url_for("get_book", book_id=book["id"])}

    # --8<-- [end:collection]

    # --8<-- [start:item]
    @app.get("/api/books/<int:book_id>")
    def get_book(book_id: int) -> dict[str, Any]:
        return find_book(book_id)

    @app.put("/api/books/<int:book_id>")
    def replace_book(book_id: int):
        find_book(book_id)
        data = json_object()
        if errors := check_book(data, partial=False):
            return invalid(errors)
        books[book_id] = {"id": book_id, **{name: data[name] for name in FIELDS}}
        return books[book_id]

    @app.patch("/api/books/<int:book_id>")
    def update_book(book_id: int):
        book = find_book(book_id)
        data = json_object()
        if errors := check_book(data, partial=True):
            return invalid(errors)
        book.update(data)
        return book

    @app.delete("/api/books/<int:book_id>")
    def delete_book(book_id: int):
        find_book(book_id)
        del books[book_id]
        return "", 204

    # --8<-- [end:item]

    # --8<-- [start:errors]
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Answer errors under /api/ in JSON; leave Flask's HTML error pages elsewhere."""
        if not request.path.startswith("/api/"):
            return error
        response = error.get_response()  # keeps the status and headers such as Allow
        response.data = app.json.dumps(
            {"error": error.name, "message": error.description, "status": error.code}
        )
        response.content_type = "application/json"
        return response

    # --8<-- [end:errors]

    return app


app = create_app()
