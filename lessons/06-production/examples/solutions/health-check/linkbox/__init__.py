"""Linkbox, chapter 6 step 4: ready for a real server, configured by its environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_bootstrap import Bootstrap5
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api, auth, bookmarks, config, models, security
from .forms import csrf

#: Bootstrap 5's stylesheet and scripts, and the Jinja macros that draw forms and messages.
bootstrap = Bootstrap5()


# --8<-- [start:factory]
def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure a Linkbox application.

    Gunicorn calls it as ``linkbox:create_app()``; the tests pass ``test_config``.
    """
    app = Flask(__name__, instance_relative_config=True)

    config.configure(app, test_config)

    # --8<-- [start:parts]
    models.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    security.init_app(app)
    api.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(bookmarks.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # the API authenticates with a header, never with cookies
    # --8<-- [end:parts]

    # --8<-- [start:proxy]
    # Behind nginx (one proxy), set FLASK_TRUSTED_PROXIES=1 so that Flask believes
    # the X-Forwarded-* headers the proxy adds, and only those.
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    # --8<-- [end:proxy]

    # --8<-- [start:health]
    @app.get("/healthz")
    def health() -> tuple[dict[str, str], int]:
        """For load balancers and monitoring: 200 if the app can reach its database."""
        try:
            models.db.session.execute(models.db.text("SELECT 1"))
        except SQLAlchemyError:
            app.logger.exception("Health check: the database is unreachable")
            return {"status": "database unreachable"}, 503
        return {"status": "ok"}, 200

    # --8<-- [end:health]

    return app


# --8<-- [end:factory]
