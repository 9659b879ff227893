"""Fixtures for test_api.py: every test gets a database built by the migrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from linkbox import create_app
from linkbox.models import db


# --8<-- [start:app]
@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A Linkbox app whose empty database was built by ``flask db upgrade``'s own code."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()  # every migration, oldest first, as on a server; no db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()  # close the database file before tmp_path is cleaned up


# --8<-- [end:app]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
