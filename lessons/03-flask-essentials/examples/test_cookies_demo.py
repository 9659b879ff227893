"""Tests for cookies_demo.py, as the cookies lesson writes them.

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_cookies_demo.py
"""

from __future__ import annotations

import pytest
from cookies_demo import app
from flask.testing import FlaskClient


@pytest.fixture
def client() -> FlaskClient:
    """A test client of the cookies demo (this file's own, not conftest.py's)."""
    return app.test_client()


# --8<-- [start:secure]
def test_theme_cookie_is_marked_secure_over_https(client):
    response = client.get("/theme/dark", base_url="https://localhost")
    assert "; Secure;" in response.headers["Set-Cookie"]


# --8<-- [end:secure]


def test_theme_cookie_is_not_secure_over_plain_http(client):
    response = client.get("/theme/dark")
    assert "Secure" not in response.headers["Set-Cookie"]
    assert client.get_cookie("theme").value == "dark"


def test_a_changed_name_cookie_is_ignored(client):
    client.post("/remember", data={"name": "Ada"})
    assert "Welcome back, Ada!" in client.get("/").text
    token = client.get_cookie("name").value
    client.set_cookie("name", "X" + token[1:])
    assert "Welcome back" not in client.get("/").text
