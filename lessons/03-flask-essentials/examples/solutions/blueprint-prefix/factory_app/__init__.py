"""The factory app with a second blueprint, greetings, mounted under /greet."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure a new Flask application."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",  # replace with a real random secret before deploying
        SITE_NAME="Factory demo",
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    # Import inside the function: the blueprint is only needed once an app exists.
    # --8<-- [start:register]
    from . import greetings, pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(greetings.bp, url_prefix="/greet")
    # --8<-- [end:register]
    return app
