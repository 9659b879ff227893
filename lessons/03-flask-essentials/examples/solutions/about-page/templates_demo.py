"""The templates example with an about page that uses the base layout."""

from __future__ import annotations

from flask import Flask, render_template, request

app = Flask(__name__)

BOOKS = [
    {"title": "Dune", "author": "Frank Herbert", "pages": 412, "subtitle": "Book one"},
    {"title": "Emma", "author": "Jane Austen", "pages": 474},
    {"title": "Beloved", "author": "Toni Morrison", "pages": 324},
]


@app.template_filter("reading_time")
def reading_time(pages: int) -> str:
    """Estimate how long a book takes to read, at about 40 pages an hour."""
    hours = round(pages / 40)
    return "under an hour" if hours < 1 else f"about {hours} h"


@app.route("/")
def book_list() -> str:
    return render_template("templates_demo/books.html", books=BOOKS)


@app.route("/empty")
def empty_list() -> str:
    return render_template("templates_demo/books.html", books=[])


@app.route("/search")
def search() -> str:
    query = request.args.get("q", "")
    matches = [book for book in BOOKS if query.lower() in book["title"].lower()]
    return render_template("templates_demo/search.html", query=query, matches=matches)


# --8<-- [start:about]
@app.route("/about")
def about() -> str:
    return render_template("templates_demo/about.html")


# --8<-- [end:about]


@app.route("/unsafe-search")
def unsafe_search() -> str:
    # DON'T DO THIS: the template prints the query with |safe, so any HTML in it runs.
    query = request.args.get("q", "")
    return render_template("templates_demo/unsafe_search.html", query=query)
