"""Shared pytest fixtures for test_testable_app.py (in a project: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from testable_app import create_app


@pytest.fixture
def app() -> Iterator[Flask]:
    """A brand-new app for every test, switched into testing mode."""
    app = create_app()
    app.config.update(TESTING=True)
    # Set-up for every test would go here (create a temporary database, say).
    yield app
    # Clean-up would go here; it runs after the test, even if the test failed.


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client: a pretend browser that talks to the app without a server."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Runs the app's command-line commands and captures what they print."""
    return app.test_cli_runner()
