"""The JSON API with a real model: a class that owns the books, the ids and the rules."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue

app = Flask(__name__)


# --8<-- [start:model]
class BookCatalogue:
    """The model: the books and the rules about them."""

    def __init__(self) -> None:
        self._books: list[dict[str, Any]] = []

    def all(self) -> list[dict[str, Any]]:
        return list(self._books)

    def get(self, book_id: int) -> dict[str, Any] | None:
        return next((b for b in self._books if b["id"] == book_id), None)

    def add(self, title: object, author: object) -> dict[str, Any]:
        if not isinstance(title, str) or not title.strip():
            raise ValueError("A book needs a title.")
        if not isinstance(author, str) or not author.strip():
            raise ValueError("A book needs an author.")
        new_id = len(self._books) + 1
        book = {"id": new_id, "title": title.strip(), "author": author.strip()}
        self._books.append(book)
        return book


catalogue = BookCatalogue()
catalogue.add("Frankenstein", "Mary Shelley")
catalogue.add("Things Fall Apart", "Chinua Achebe")
# --8<-- [end:model]


@app.get("/api/books")
def list_books() -> ResponseReturnValue:
    """Return every book as a JSON list."""
    return catalogue.all()


@app.get("/api/books/<int:book_id>")
def get_book(book_id: int) -> ResponseReturnValue:
    """Return one book as a JSON object, or a JSON error with status 404."""
    book = catalogue.get(book_id)
    if book is None:
        return {"error": f"There is no book with id {book_id}."}, 404
    return book


# --8<-- [start:add_book]
@app.post("/api/books")
def add_book() -> ResponseReturnValue:
    """Read the JSON, ask the model to add the book, and answer with it."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return {"error": "Send a JSON object with a title and an author."}, 400
    try:
        book = catalogue.add(data.get("title"), data.get("author"))
    except ValueError as error:
        return {"error": str(error)}, 400
    return book, 201


# --8<-- [end:add_book]
