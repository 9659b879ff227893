"""The model with a year of publication, and the rule that the year must be plausible."""

from __future__ import annotations

# --8<-- [start:book]
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Book:
    """One book on the shelf."""

    id: int
    title: str
    author: str
    year: int
    # --8<-- [end:book]


class Bookshelf:
    """An in-memory collection of books that knows nothing about the web."""

    def __init__(self) -> None:
        self._books: dict[int, Book] = {}
        self._next_id = 1

    def all(self) -> list[Book]:
        """Return every book, sorted by title."""
        return sorted(self._books.values(), key=lambda book: book.title.lower())

    def get(self, book_id: int) -> Book | None:
        """Return the book with this id, or ``None`` if there is no such book."""
        return self._books.get(book_id)

    # --8<-- [start:add]
    def add(self, title: str, author: str, year: int) -> Book:
        """Check the data, store a new book and return it.

        :raise ValueError: if the title or the author is blank, or the year is implausible.
        """
        title, author = title.strip(), author.strip()
        if not title:
            raise ValueError("A book needs a title.")
        if not author:
            raise ValueError("A book needs an author.")
        if not 1450 <= year <= datetime.date.today().year:
            raise ValueError(f"{year} does not look like a year of publication.")
        book = Book(id=self._next_id, title=title, author=author, year=year)
        self._books[book.id] = book
        self._next_id += 1
        return book
        # --8<-- [end:add]


def sample_shelf() -> Bookshelf:
    """Return a new shelf with a few books already on it."""
    shelf = Bookshelf()
    # --8<-- [start:sample]
    shelf.add("Frankenstein", "Mary Shelley", 1818)
    shelf.add("Things Fall Apart", "Chinua Achebe", 1958)
    shelf.add("The Left Hand of Darkness", "Ursula K. Le Guin", 1969)
    # --8<-- [end:sample]
    return shelf
