"""Linkbox's settings: safe defaults, then the server's environment, then checks at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask

# --8<-- [start:defaults]
#: Settings every installation starts from. There is no SECRET_KEY among them on purpose.
DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_DATABASE_URI": "sqlite:///linkbox.sqlite",  # in the instance folder
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},  # survive database restarts
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": None,  # None: decided by check(), secure in production
    "REMEMBER_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    "BOOTSTRAP_SERVE_LOCAL": True,
    "TRUSTED_PROXIES": 0,
    "HSTS_SECONDS": 365 * 24 * 60 * 60,
    "RATE_LIMIT_ATTEMPTS": 5,
    "RATE_LIMIT_SECONDS": 60,
    "RESET_TOKEN_MAX_AGE": 60 * 60,
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_SENDER": "Linkbox <linkbox@localhost>",
}
# --8<-- [end:defaults]


class ConfigurationError(RuntimeError):
    """Linkbox cannot run safely with these settings."""


# --8<-- [start:configure]
def configure(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Load ``app``'s settings in layers, then check that they are safe to run with."""
    app.config.from_mapping(DEFAULTS)
    if test_config is not None:
        app.config.from_mapping(test_config)  # tests: nothing from the machine
    else:
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py
        if url := database_url(os.environ.get("DATABASE_URL")):
            app.config["SQLALCHEMY_DATABASE_URI"] = url
        app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_TRUSTED_HOSTS, ...
    check(app)


# --8<-- [end:configure]


# --8<-- [start:database-url]
def database_url(url: str | None) -> str | None:
    """The DATABASE_URL of a hosting platform, as SQLAlchemy wants it.

    Platforms write ``postgres://`` or ``postgresql://``. SQLAlchemy does not know the first
    name at all, and for the second its default driver differs between versions (psycopg2
    in SQLAlchemy 2.0, psycopg 3 in 2.1), so Linkbox names the driver it installs.
    """
    if not url:
        return None
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


# --8<-- [end:database-url]


# --8<-- [start:check]
def check(app: Flask) -> None:
    """Settle what depends on the mode; in production, refuse to start without a secret key."""
    config = app.config
    production = not (app.debug or app.testing)
    for cookie in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config[cookie] is None:
            config[cookie] = production  # HTTPS-only cookies, unless said otherwise
    if isinstance(config["TRUSTED_HOSTS"], str):  # FLASK_TRUSTED_HOSTS=a.example,b.example
        config["TRUSTED_HOSTS"] = [h.strip() for h in config["TRUSTED_HOSTS"].split(",")]

    if not production:
        if not config["SECRET_KEY"]:
            config["SECRET_KEY"] = "dev"  # debug mode on your own computer, or a test
        return
    if config.get("SECRET_KEY") in (None, "", "dev"):
        raise ConfigurationError(
            "SECRET_KEY is not set, so Linkbox will not start: anyone could forge sessions"
            " and password reset links. Set the FLASK_SECRET_KEY environment variable to"
            " the output of: python -c 'import secrets; print(secrets.token_hex())'"
        )
    if not config["TRUSTED_HOSTS"]:
        app.logger.warning(
            "TRUSTED_HOSTS is not set: links in emails use whatever Host a request claims."
            " Set FLASK_TRUSTED_HOSTS to the site's host name."
        )


# --8<-- [end:check]
