"""A tiny home-made Flask extension and an app factory that uses it.

Run it with ``flask --app lessons/04-extensions/examples/greeting_ext.py run --debug``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template_string
from markupsafe import escape


# --8<-- [start:extension]
class Greeting:
    """Greets visitors by the name set in the ``GREETING_NAME`` config key."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    # --8<-- [start:shout]
    def init_app(self, app: Flask) -> None:
        """Attach the extension to ``app``: set config defaults and register helpers."""
        app.config.setdefault("GREETING_NAME", "world")
        app.config.setdefault("GREETING_PUNCTUATION", "!")
        app.config.setdefault("GREETING_SHOUT", False)
        app.extensions["greeting"] = self
        app.jinja_env.globals["greet"] = self.greet

    def greet(self, name: str | None = None) -> str:
        """Return a greeting, using the current app's configuration."""
        config = current_app.config
        who = name or config["GREETING_NAME"]
        message = f"Hello, {who}{config['GREETING_PUNCTUATION']}"
        return message.upper() if config["GREETING_SHOUT"] else message

    # --8<-- [end:shout]


# --8<-- [end:extension]


# --8<-- [start:factory]
greeting = Greeting()  # created once, not tied to any app yet


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build and configure a new app."""
    app = Flask(__name__)
    app.config.from_mapping(GREETING_NAME="Flask learner")
    if test_config is not None:
        app.config.from_mapping(test_config)

    greeting.init_app(app)  # the extension meets this app here

    @app.get("/")
    def index() -> str:
        return greeting.greet()

    @app.get("/hello/<name>")
    def hello(name: str) -> str:
        # The name comes from the URL, so escape it before it goes into HTML.
        return greeting.greet(escape(name))

    @app.get("/page")
    def page() -> str:
        return render_template_string("<h1>{{ greet() }}</h1>")

    return app


app = create_app()
# --8<-- [end:factory]
