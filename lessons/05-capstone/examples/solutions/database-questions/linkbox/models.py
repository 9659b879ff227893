"""Linkbox's data: users and the bookmarks they save, stored with Flask-SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_login import UserMixin
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash


# --8<-- [start:db]
class Base(DeclarativeBase):
    """The base class every model inherits from, through ``db.Model``."""


db = SQLAlchemy(model_class=Base)
# --8<-- [end:db]


# --8<-- [start:user]
class User(UserMixin, db.Model):
    """Someone with an account. ``UserMixin`` adds what Flask-Login needs."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    bookmarks: Mapped[list[Bookmark]] = relationship(
        back_populates="owner", cascade="all, delete-orphan"
    )

    # --8<-- [start:passwords]
    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``, never the password itself."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    # --8<-- [end:passwords]


# --8<-- [end:user]


# --8<-- [start:bookmark]
class Bookmark(db.Model):
    """A saved link. Each bookmark belongs to exactly one user."""

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    owner: Mapped[User] = relationship(back_populates="bookmarks")


# --8<-- [end:bookmark]


# --8<-- [start:cli]
@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database tables that do not exist yet."""
    db.create_all()
    click.echo("Initialised the database.")


def init_app(app: Flask) -> None:
    """Connect the database to ``app`` and add the ``flask init-db`` command."""
    db.init_app(app)
    app.cli.add_command(init_db_command)


# --8<-- [end:cli]


# --8<-- [start:questions]
def bookmarks_titled(word: str) -> list[Bookmark]:
    """The bookmarks whose title contains ``word`` (in SQLite, in any case)."""
    query = db.select(Bookmark).where(Bookmark.title.contains(word))
    return list(db.session.scalars(query))


def bookmarks_per_user() -> list[tuple[str, int]]:
    """Each user who has bookmarks, with how many."""
    query = (
        db.select(User.username, db.func.count(Bookmark.id)).join(User.bookmarks).group_by(User.id)
    )
    return [(username, count) for username, count in db.session.execute(query)]


# --8<-- [end:questions]
