"""Errors in production: 404 and 500 pages, a rollback before recording an incident, logging.

Run it from the repository root *without* --debug, so the error pages are used::

    flask --app lessons/03-flask-essentials/examples/errors_demo.py run

The orders are kept in a SQLite file in the instance folder.
"""

from __future__ import annotations

import logging.config
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, url_for
from werkzeug.exceptions import InternalServerError, NotFound

PRICES = {"tea": 3, "cake": 4}

# --8<-- [start:logging]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"format": "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"},
    },
    # --8<-- [start:file-handler]
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://flask.logging.wsgi_errors_stream",
            "formatter": "default",
        },
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": "errors_demo.log",
            "maxBytes": 1_000_000,
            "backupCount": 3,
            "level": "WARNING",
            "formatter": "default",
            "delay": True,  # create the file when the first message arrives
        },
    },
    "root": {"level": "INFO", "handlers": ["console", "file"]},
    # --8<-- [end:file-handler]
}


def configure_logging() -> None:
    """Set up logging for the whole process; call it before the app logs anything."""
    logging.config.dictConfig(LOGGING)


# --8<-- [end:logging]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    if test_config is None:
        configure_logging()  # tests leave logging to pytest
    app = Flask(__name__)
    app.config.from_mapping(DATABASE=str(Path(app.instance_path) / "errors_demo.sqlite"))
    if test_config is not None:
        app.config.from_mapping(test_config)
    init_db(app.config["DATABASE"])

    def get_db() -> sqlite3.Connection:
        if "db" not in g:
            g.db = sqlite3.connect(app.config["DATABASE"])
        return g.db

    @app.teardown_appcontext
    def close_db(error: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()  # anything not committed is thrown away

    # --8<-- [start:views]
    @app.get("/")
    def index() -> str:
        orders = get_db().execute("SELECT id, item, quantity FROM orders ORDER BY id").fetchall()
        return render_template("errors_demo/index.html", orders=orders, prices=PRICES)

    @app.get("/orders/<int:order_id>")
    def show_order(order_id: int) -> str:
        order = (
            get_db()
            .execute("SELECT id, item, quantity FROM orders WHERE id = ?", (order_id,))
            .fetchone()
        )
        if order is None:
            abort(404)
        return render_template("errors_demo/order.html", order=order)

    @app.post("/orders")
    def add_order():
        item = request.form.get("item", "")
        quantity = request.form.get("quantity", 1, type=int)
        db = get_db()
        cursor = db.execute("INSERT INTO orders (item, quantity) VALUES (?, ?)", (item, quantity))
        # The bug: the price is looked up *after* the INSERT, and an unknown item
        # raises KeyError. The order row is written but not committed yet.
        total = PRICES[item] * quantity
        db.commit()
        app.logger.info("Order %s saved, total %s", cursor.lastrowid, total)
        return redirect(url_for("show_order", order_id=cursor.lastrowid))

    # --8<-- [end:views]

    # --8<-- [start:handlers]
    @app.errorhandler(404)
    def page_not_found(error: NotFound) -> tuple[str, int]:
        return render_template("errors_demo/404.html"), 404

    @app.errorhandler(500)
    def internal_error(error: InternalServerError) -> tuple[str, int]:
        incident = None
        try:
            db = get_db()
            db.rollback()  # first throw away whatever the failed request half-did...
            cursor = db.execute(
                "INSERT INTO incidents (path, error) VALUES (?, ?)",
                (request.path, repr(error.original_exception)),
            )
            db.commit()  # ...so that this commit saves the incident and nothing else
            incident = cursor.lastrowid
            app.logger.error("Incident %s recorded for %s", incident, request.path)
        except sqlite3.Error:
            # The error page must work even when the database is what failed.
            app.logger.exception("Could not record an incident for %s", request.path)
        return render_template("errors_demo/500.html", incident=incident), 500

    # --8<-- [end:handlers]

    return app


def init_db(database: str) -> None:
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(database)) as db:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS orders (
                id INTEGER PRIMARY KEY, item TEXT NOT NULL, quantity INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS incidents (
                id INTEGER PRIMARY KEY, path TEXT NOT NULL, error TEXT NOT NULL
            );
            """
        )
