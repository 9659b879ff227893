"""A small bookshelf app, split into a model, templates and controllers."""

from __future__ import annotations

from typing import Any

from flask import Flask

from .models import sample_shelf
from .views import bp


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app, give it a shelf of books and register the controllers."""
    app = Flask(__name__)
    if test_config is not None:
        app.config.from_mapping(test_config)

    # Each app gets its own shelf, so two apps (or two tests) never share books.
    app.extensions["bookshelf"] = sample_shelf()
    app.register_blueprint(bp)
    return app
