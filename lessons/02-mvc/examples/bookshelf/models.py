"""The model: books and the shelf that holds them, in plain Python with no Flask."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Book:
    """One book on the shelf."""

    id: int
    title: str
    author: str


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

    def add(self, title: str, author: str) -> Book:
        """Check the data, store a new book and return it.

        :raise ValueError: if the title or the author is blank.
        """
        title, author = title.strip(), author.strip()
        if not title:
            raise ValueError("A book needs a title.")
        if not author:
            raise ValueError("A book needs an author.")
        book = Book(id=self._next_id, title=title, author=author)
        self._books[book.id] = book
        self._next_id += 1
        return book


def sample_shelf() -> Bookshelf:
    """Return a new shelf with a few books already on it."""
    shelf = Bookshelf()
    shelf.add("Frankenstein", "Mary Shelley")
    shelf.add("Things Fall Apart", "Chinua Achebe")
    shelf.add("The Left Hand of Darkness", "Ursula K. Le Guin")
    return shelf
