"""Authors and their books, stored with Flask-SQLAlchemy.

The database is SQLite in memory unless ``SQLALCHEMY_DATABASE_URI`` says otherwise.
Run it with ``flask --app lessons/04-extensions/examples/sqlalchemy_demo.py run --debug``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


# --8<-- [start:models]
class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


# --8<-- [start:author]
class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    born: Mapped[int | None]  # may be empty (NULL)
    books: Mapped[list[Book]] = relationship(back_populates="author", order_by="Book.year")
    # --8<-- [end:author]


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(back_populates="books")


# --8<-- [end:models]


# --8<-- [start:sample]
def add_sample_data() -> None:
    """Add two authors and their books. Needs an app context."""
    le_guin = Author(name="Ursula K. Le Guin", born=1929)
    le_guin.books = [
        Book(title="A Wizard of Earthsea", year=1968),
        Book(title="The Left Hand of Darkness", year=1969),
        Book(title="The Dispossessed", year=1974),
    ]
    pratchett = Author(name="Terry Pratchett", born=1948)
    pratchett.books = [
        Book(title="The Colour of Magic", year=1983),
        Book(title="Mort", year=1987),
    ]
    db.session.add_all([le_guin, pratchett])
    db.session.commit()


# --8<-- [end:sample]


# --8<-- [start:factory]
def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///:memory:",
        SAMPLE_DATA=True,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    with app.app_context():
        db.create_all()  # creates the tables that don't exist yet
        if app.config["SAMPLE_DATA"]:
            add_sample_data()

    register_routes(app)
    return app


# --8<-- [end:factory]


def register_routes(app: Flask) -> None:
    # --8<-- [start:queries]
    @app.get("/authors")
    def list_authors() -> dict[str, Any]:
        authors = db.session.execute(db.select(Author).order_by(Author.name)).scalars()
        return {"authors": [{"id": a.id, "name": a.name, "books": len(a.books)} for a in authors]}

    @app.get("/authors/<int:author_id>")
    def show_author(author_id: int) -> dict[str, Any]:
        author = db.get_or_404(Author, author_id)  # 404 if there is no such row
        # --8<-- [start:show]
        return {
            "name": author.name,
            "born": author.born,
            "books": [book.title for book in author.books],
        }
        # --8<-- [end:show]

    @app.get("/authors/by-name/<name>")
    def find_author(name: str) -> dict[str, Any]:
        author = db.first_or_404(db.select(Author).filter_by(name=name))
        return {"id": author.id, "name": author.name}

    @app.get("/books")
    def list_books() -> dict[str, Any]:
        query = db.select(Book).order_by(Book.year)
        before = request.args.get("before", type=int)
        if before is not None:
            query = query.where(Book.year < before)
        books = db.session.execute(query).scalars()
        return {
            "books": [{"title": b.title, "year": b.year, "author": b.author.name} for b in books]
        }

    # --8<-- [end:queries]

    # --8<-- [start:create]
    @app.post("/authors/<int:author_id>/books")
    def add_book(author_id: int) -> tuple[dict[str, Any], int]:
        author = db.get_or_404(Author, author_id)
        title = request.form.get("title", "").strip()
        year = request.form.get("year", type=int)
        if not title or year is None:
            abort(400, "Send a non-empty 'title' and a whole-number 'year'.")
        book = Book(title=title, year=year, author=author)
        db.session.add(book)
        db.session.commit()  # commit() flushes first, and the flush gives the book its id
        return {"id": book.id, "title": book.title, "author": author.name}, 201

    # --8<-- [end:create]


app = create_app()
