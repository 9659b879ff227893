"""Linkbox's data: users, their bookmarks and API tokens, created and changed by migrations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_login import UserMixin
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash


# --8<-- [start:db]
class Base(DeclarativeBase):
    """The base class every model inherits from, through ``db.Model``.

    The naming convention gives every index and constraint a predictable name, so that a
    later migration can find it again to change or drop it.
    """

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# --8<-- [end:db]


# --8<-- [start:user]
class User(UserMixin, db.Model):
    """Someone with an account. ``UserMixin`` adds what Flask-Login needs."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # --8<-- [start:token-column]
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # --8<-- [end:token-column]
    # --8<-- [start:used-at]
    api_token_used_at: Mapped[datetime | None]
    # --8<-- [end:used-at]
    bookmarks: Mapped[list[Bookmark]] = relationship(
        back_populates="owner", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``, never the password itself."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    # --8<-- [start:tokens]
    def new_api_token(self) -> str:
        """Make a new API token, replacing any old one; only its hash is stored."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.api_token_hash = hash_token(token)
        self.api_token_used_at = None
        return token

    def revoke_api_token(self) -> None:
        """Make the current API token, if any, useless."""
        self.api_token_hash = None

    @classmethod
    def from_api_token(cls, token: str) -> User | None:
        """The user whose token this is, or ``None``."""
        return db.session.scalar(db.select(cls).filter_by(api_token_hash=hash_token(token)))

    # --8<-- [end:tokens]


# --8<-- [end:user]


# --8<-- [start:hash]
#: Marks Linkbox's tokens, so that people and secret scanners recognise a leaked one.
TOKEN_PREFIX = "lbx_"


def hash_token(token: str) -> str:
    """SHA-256 of a token: fast, and safe because the token itself is long and random."""
    return hashlib.sha256(token.encode()).hexdigest()


# --8<-- [end:hash]


class Bookmark(db.Model):
    """A saved link. Each bookmark belongs to exactly one user."""

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    owner: Mapped[User] = relationship(back_populates="bookmarks")


# --8<-- [start:init]
#: The migration scripts live inside the package, so every command finds them
#: wherever it is run from, and they travel with the code to the server.
MIGRATIONS = Path(__file__).with_name("migrations")


def init_app(app: Flask) -> None:
    """Connect the database to ``app`` and add the ``flask db`` commands."""
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)


# --8<-- [end:init]
