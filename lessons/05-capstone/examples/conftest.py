"""Fixtures for test_linkbox.py: pytest finds this file by its name and shares its fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from linkbox import create_app
from linkbox.models import db
from werkzeug.test import TestResponse


# --8<-- [start:app]
@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A Linkbox app with test settings and an empty database in a temporary folder."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()  # close the database file before tmp_path is cleaned up


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client: a pretend browser that keeps cookies between requests."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Runs the app's ``flask`` commands, such as ``init-db``, without a terminal."""
    return app.test_cli_runner()


# --8<-- [end:app]


# --8<-- [start:auth]
class AuthActions:
    """Sign up, log in and log out through the real pages, as a browser would."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def signup(self, username: str = "ada", password: str = "correct horse") -> TestResponse:
        return self._client.post(
            "/auth/signup",
            data={"username": username, "password": password, "confirm": password},
        )

    def login(self, username: str = "ada", password: str = "correct horse") -> TestResponse:
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self) -> TestResponse:
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Helpers that act on the ``client`` fixture's cookies."""
    return AuthActions(client)


@pytest.fixture
def logged_in_client(client: FlaskClient, auth: AuthActions) -> FlaskClient:
    """A test client whose user, ``ada``, has just signed up and is logged in."""
    auth.signup()
    return client


# --8<-- [end:auth]
