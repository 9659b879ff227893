"""A Flask app built by an application factory, with its pages in a blueprint."""

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
    from . import pages

    app.register_blueprint(pages.bp)
    return app
