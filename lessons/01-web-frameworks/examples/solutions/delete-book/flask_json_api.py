"""The tiny JSON API with a DELETE endpoint that answers 204, or 404 for a missing book.

Run it from the repository root with::

    flask --app lessons/01-web-frameworks/examples/flask_json_api.py run --debug

and open http://127.0.0.1:5000/api/books in your browser.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

app = Flask(__name__)

#: The "database": a dictionary kept in memory, reset whenever the app restarts.
books: dict[int, dict[str, Any]] = {
    1: {"id": 1, "title": "Dune"},
    2: {"id": 2, "title": "Middlemarch"},
}


@app.get("/api/books")
def list_books() -> list[dict[str, Any]]:
    return list(books.values())


@app.get("/api/books/<int:book_id>")
def get_book(book_id: int) -> tuple[dict[str, Any], int]:
    book = books.get(book_id)
    if book is None:
        return {"error": f"There is no book with id {book_id}."}, 404
    return book, 200


@app.post("/api/books")
def add_book() -> tuple[dict[str, Any], int]:
    data = request.get_json(silent=True)
    title = data.get("title") if isinstance(data, dict) else None
    # Flask does not check the data for us: validating it is our job.
    if not isinstance(title, str) or not title.strip():
        return {"error": "Send JSON with a non-empty 'title' string."}, 400
    book = {"id": max(books, default=0) + 1, "title": title.strip()}
    books[book["id"]] = book
    return book, 201


# --8<-- [start:delete]
@app.delete("/api/books/<int:book_id>")
def delete_book(book_id: int) -> tuple[dict[str, Any] | str, int]:
    if books.pop(book_id, None) is None:
        return {"error": f"There is no book with id {book_id}."}, 404
    return "", 204


# --8<-- [end:delete]
