"""A JSON API with no templates: the "view" is the JSON the client receives."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue

app = Flask(__name__)

# --8<-- [start:model]
# The "model" is nothing but a list of dictionaries. Fine for a demo, but
# there is no class and no single place that says what a valid book is.
BOOKS: list[dict[str, Any]] = [
    {"id": 1, "title": "Frankenstein", "author": "Mary Shelley"},
    {"id": 2, "title": "Things Fall Apart", "author": "Chinua Achebe"},
]
# --8<-- [end:model]


# --8<-- [start:controllers]
@app.get("/api/books")
def list_books() -> ResponseReturnValue:
    """Return every book as a JSON list."""
    return BOOKS


@app.get("/api/books/<int:book_id>")
def get_book(book_id: int) -> ResponseReturnValue:
    """Return one book as a JSON object, or a JSON error with status 404."""
    for book in BOOKS:
        if book["id"] == book_id:
            return book
    return {"error": f"There is no book with id {book_id}."}, 404


@app.post("/api/books")
def add_book() -> ResponseReturnValue:
    """Add a book sent as JSON and return it with status 201 Created."""
    data = request.get_json(silent=True)
    # With no model class to ask, the controller has to check the data itself.
    if not isinstance(data, dict) or not data.get("title") or not data.get("author"):
        return {"error": "Send a JSON object with a title and an author."}, 400
    new_id = max(book["id"] for book in BOOKS) + 1
    book = {"id": new_id, "title": data["title"], "author": data["author"]}
    BOOKS.append(book)
    return book, 201


# --8<-- [end:controllers]
