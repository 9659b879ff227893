"""Configuration in layers: a settings class, the instance folder, the environment.

Run it from the repository root with::

    flask --app lessons/03-flask-essentials/examples/config_demo run --debug

and open http://127.0.0.1:5000/ to see the settings it ended up with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .settings import CONFIGS


# --8<-- [start:factory]
def create_app(
    config_name: str = "development",
    test_config: Mapping[str, Any] | None = None,
    *,
    instance_path: str | None = None,
) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)

    # 1. Defaults for this kind of environment, from a class in settings.py.
    app.config.from_object(CONFIGS[config_name])
    # 2. This installation's own settings, in instance/config.py (never committed).
    # --8<-- [start:pyfile]
    app.config.from_pyfile("config.py", silent=True)
    # --8<-- [end:pyfile]
    # 3. The environment: FLASK_SECRET_KEY becomes SECRET_KEY, and so on.
    app.config.from_prefixed_env()
    # 4. A test's own settings win over everything.
    if test_config is not None:
        app.config.from_mapping(test_config)

    if not app.config["SECRET_KEY"]:
        raise RuntimeError(
            "SECRET_KEY is not set. Put it in instance/config.py or in the"
            " FLASK_SECRET_KEY environment variable."
        )
    # --8<-- [end:factory]

    @app.get("/")
    def show_settings() -> dict[str, Any]:
        return {
            "config_name": config_name,
            "site_name": app.config["SITE_NAME"],
            "items_per_page": app.config["ITEMS_PER_PAGE"],
            "support_email": app.config["SUPPORT_EMAIL"],
            "session_cookie_secure": app.config["SESSION_COOKIE_SECURE"],
            "secret_key_is_set": bool(app.config["SECRET_KEY"]),  # never show the key itself
            "instance_path": app.instance_path,
            # --8<-- [start:view-line]
            "page_title_suffix": app.config["PAGE_TITLE_SUFFIX"],
            # --8<-- [end:view-line]
        }

    return app
