"""The life of a request: g, the request hooks, teardown and a context processor.

Run it from the repository root with::

    flask --app lessons/03-flask-essentials/examples/lifecycle.py run --debug

Every hook prints a line in the terminal, so you can watch the order in which they run.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, render_template_string, request

PAGE = """<!doctype html>
<title>{{ site_name }}</title>
<h1>{{ site_name }}</h1>
<p>This is request {{ request_id }}, for {{ request.path }}.</p>
{% if sqlite_version %}<p>The database is SQLite {{ sqlite_version }}.</p>{% endif %}
<footer>{{ site_name }}</footer>
"""


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SITE_NAME="Request lifecycle", DATABASE=":memory:", MAINTENANCE=False)
    if test_config is not None:
        app.config.from_mapping(test_config)
    # The hooks write what they do here (and print it), so you can see their order.
    journal: list[str] = []
    app.extensions["journal"] = journal

    def note(event: str) -> None:
        journal.append(event)
        print(f"[{g.get('request_id', '-')}] {event}")

    # --8<-- [start:g]
    def get_db() -> sqlite3.Connection:
        """One connection per request, opened the first time a view needs it."""
        if "db" not in g:
            g.db = sqlite3.connect(app.config["DATABASE"])
            note("open the database")
        return g.db

    # --8<-- [end:g]

    # --8<-- [start:before]
    @app.before_request
    def start_request() -> None:
        g.request_id = uuid.uuid4().hex[:8]
        g.started = time.perf_counter()
        note(f"before_request: {request.method} {request.path}")

    @app.before_request
    def maintenance_mode() -> tuple[str, int] | None:
        if app.config["MAINTENANCE"]:
            note("before_request: maintenance, the view is skipped")
            return "Down for maintenance, back soon.", 503
        return None  # None means "carry on"

    # --8<-- [end:before]

    # --8<-- [start:after]
    @app.after_request
    def add_headers(response: Response) -> Response:
        elapsed = (time.perf_counter() - g.started) * 1000
        response.headers["X-Request-Id"] = g.request_id
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        note(f"after_request: {response.status}")
        return response

    # --8<-- [end:after]

    # --8<-- [start:nosniff]
    @app.after_request
    def no_sniffing(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # --8<-- [end:nosniff]

    # --8<-- [start:teardown]
    @app.teardown_request
    def end_request(error: BaseException | None) -> None:
        note(f"teardown_request: error={type(error).__name__ if error else None}")

    @app.teardown_appcontext
    def close_db(error: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()
            note("teardown_appcontext: database closed")
        else:
            note("teardown_appcontext: nothing to close")

    # --8<-- [end:teardown]

    # --8<-- [start:context-processor]
    @app.context_processor
    def inject_common_values() -> dict[str, Any]:
        return {
            "site_name": app.config["SITE_NAME"],
            "request_id": g.get("request_id"),
        }

    # --8<-- [end:context-processor]

    # --8<-- [start:views]
    @app.get("/")
    def index() -> str:
        note("view: index")
        return render_template_string(PAGE, sqlite_version=None)

    @app.get("/database")
    def database() -> str:
        note("view: database")
        (version,) = get_db().execute("select sqlite_version()").fetchone()
        return render_template_string(PAGE, sqlite_version=version)

    @app.get("/crash")
    def crash() -> str:
        note("view: crash")
        get_db()
        return str(1 / 0)

    # --8<-- [end:views]

    return app


app = create_app()
