"""Linkbox, chapter 6 step 3: a JSON API, with an API token for each user."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_bootstrap import Bootstrap5
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api, auth, bookmarks, models, security
from .forms import csrf

#: Bootstrap 5's stylesheet and scripts, and the Jinja macros that draw forms and messages.
bootstrap = Bootstrap5()


# --8<-- [start:factory]
def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure a Linkbox application."""
    app = Flask(__name__, instance_relative_config=True)

    # --8<-- [start:config]
    # 1. Defaults that are fine on your own computer. A relative SQLite path
    #    puts the database file in the app's instance folder.
    app.config.from_mapping(
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI="sqlite:///linkbox.sqlite",
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SAMESITE="Lax",
        BOOTSTRAP_SERVE_LOCAL=True,  # Bootstrap's files come from this app, not a CDN
        TRUSTED_PROXIES=0,
        # --8<-- [start:security-config]
        SESSION_COOKIE_HTTPONLY=True,  # Flask's default, written down: no scripts
        REMEMBER_COOKIE_DURATION=timedelta(days=14),  # Flask-Login's default is a year
        HSTS_SECONDS=365 * 24 * 60 * 60,  # sent over HTTPS only
        RATE_LIMIT_ATTEMPTS=5,  # POSTs to the login and reset forms...
        RATE_LIMIT_SECONDS=60,  # ...per client address in this many seconds
        RESET_TOKEN_MAX_AGE=60 * 60,  # a reset link works for an hour
        MAIL_SERVER="",  # no server: emails are only logged
        MAIL_PORT=587,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="",
        MAIL_PASSWORD="",
        MAIL_SENDER="Linkbox <linkbox@localhost>",
        # --8<-- [end:security-config]
    )
    if test_config is None:
        # 2. An optional instance/config.py, then every FLASK_* environment variable:
        #    FLASK_SECRET_KEY=... sets SECRET_KEY, and so on.
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        # 3. Tests pass their own settings instead.
        app.config.from_mapping(test_config)
    # --8<-- [end:config]

    # --8<-- [start:parts]
    models.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    security.init_app(app)
    api.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(bookmarks.bp)
    # --8<-- [start:api]
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)  # the API authenticates with a header, never with cookies
    # --8<-- [end:api]
    # --8<-- [end:parts]

    # --8<-- [start:proxy]
    # Behind nginx (one proxy), set FLASK_TRUSTED_PROXIES=1 so that Flask believes
    # the X-Forwarded-* headers the proxy adds, and only those.
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    # --8<-- [end:proxy]

    # --8<-- [start:secret-check]
    if app.config["SECRET_KEY"] == "dev" and not (app.debug or app.testing):
        app.logger.warning(
            "SECRET_KEY is the development value 'dev', so anyone can forge sessions."
            " Set the FLASK_SECRET_KEY environment variable before going live."
        )
    # --8<-- [end:secret-check]

    return app


# --8<-- [end:factory]
