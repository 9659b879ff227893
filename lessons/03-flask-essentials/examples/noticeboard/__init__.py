"""A notice board built from three blueprints: public pages, a JSON API and an admin area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import admin, api, pages, store


# --8<-- [start:factory]
def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure a notice board application."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev",  # replace with a real random secret before deploying
        BOARD_NAME="Village notice board",
        ADMIN_PASSWORD="change me",
    )
    if test_config is not None:
        app.config.from_mapping(test_config)

    store.init_app(app)
    app.register_blueprint(pages.bp)  # no prefix: its "/" is the site's home page
    app.register_blueprint(api.bp)  # brings its own url_prefix, "/api"
    app.register_blueprint(admin.bp, url_prefix="/admin")
    return app


# --8<-- [end:factory]
