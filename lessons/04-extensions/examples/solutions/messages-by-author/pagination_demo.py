"""A guestbook whose messages are shown a page at a time with Flask-SQLAlchemy's db.paginate.

The database is SQLite in memory with 53 sample messages. Run it with
``flask --app lessons/04-extensions/examples/pagination_demo.py run --debug``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, render_template, url_for
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Message(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    author: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(String(500))


AUTHORS = ["Ada", "Grace", "Alan", "Katherine", "Linus"]


def add_sample_messages(count: int) -> None:
    """Messages 1 to ``count``, written in turn by the five authors. Needs an app context."""
    db.session.add_all(
        Message(author=AUTHORS[(n - 1) % len(AUTHORS)], text=f"Message number {n}.")
        for n in range(1, count + 1)
    )
    db.session.commit()


# --8<-- [start:query]
def newest_messages():
    """The query to paginate. A fixed order is essential: without it, pages may overlap."""
    return db.select(Message).order_by(Message.id.desc())


# --8<-- [end:query]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///:memory:",
        SAMPLE_MESSAGES=53,
        MAX_PER_PAGE=50,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    with app.app_context():
        db.create_all()
        add_sample_messages(app.config["SAMPLE_MESSAGES"])

    # --8<-- [start:views]
    @app.get("/")
    def index() -> str:
        # page and per_page come from ?page=...&per_page=... (defaults: 1 and 20).
        pagination = db.paginate(newest_messages(), max_per_page=app.config["MAX_PER_PAGE"])
        return render_template("pagination_demo/index.html", pagination=pagination)

    @app.get("/api/messages")
    def api_messages() -> dict[str, Any]:
        pagination = db.paginate(newest_messages(), max_per_page=app.config["MAX_PER_PAGE"])
        return {
            "messages": [{"id": m.id, "author": m.author, "text": m.text} for m in pagination],
            "page": pagination.page,
            "per_page": pagination.per_page,
            "pages": pagination.pages,
            "total": pagination.total,
            "next": page_url(pagination.next_num, pagination.per_page),
            "prev": page_url(pagination.prev_num, pagination.per_page),
        }

    def page_url(page: int | None, per_page: int) -> str | None:
        if page is None:
            return None
        return url_for("api_messages", page=page, per_page=per_page, _external=True)

    # --8<-- [end:views]

    # --8<-- [start:by-author]
    @app.get("/api/authors/<name>/messages")
    def api_author_messages(name: str) -> dict[str, Any]:
        query = newest_messages().where(Message.author == name)
        pagination = db.paginate(query, max_per_page=app.config["MAX_PER_PAGE"])

        def link(page: int | None) -> str | None:
            if page is None:
                return None
            return url_for(
                "api_author_messages",
                name=name,
                page=page,
                per_page=pagination.per_page,
                _external=True,
            )

        return {
            "messages": [{"id": m.id, "author": m.author, "text": m.text} for m in pagination],
            "page": pagination.page,
            "per_page": pagination.per_page,
            "pages": pagination.pages,
            "total": pagination.total,
            "next": link(pagination.next_num),
            "prev": link(pagination.prev_num),
        }

    # --8<-- [end:by-author]

    return app


app = create_app()
