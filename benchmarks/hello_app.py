"""The smallest Flask app: the ceiling for requests per second under the same gunicorn settings.

``gunicorn -w 2 --threads 1 -b 127.0.0.1:8000 --chdir benchmarks 'hello_app:create_app()'``
"""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    """An app with one route that returns a short text."""
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello, World!"

    return app
