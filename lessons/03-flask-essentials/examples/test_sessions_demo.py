"""Tests for sessions_demo.py, as the sessions lesson writes them.

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_sessions_demo.py
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sessions_demo import create_app


@pytest.fixture
def client() -> FlaskClient:
    """A test client of a new shop (this file's own, not conftest.py's)."""
    return create_app({"TESTING": True}).test_client()


# --8<-- [start:prepare]
def test_session_can_be_prepared_before_a_request(client):
    with client.session_transaction() as session:
        session["basket"] = {"bread": 5}

    assert "Bread &times; 5" in client.get("/").text

    with client.session_transaction() as session:
        assert session["visits"] == 1


# --8<-- [end:prepare]


def test_adding_twice_counts_two(client):
    client.post("/add/apple")
    client.post("/add/apple")
    assert "Apple &times; 2" in client.get("/").text


def test_a_changed_session_cookie_is_ignored(client):
    client.post("/add/cheese")
    token = client.get_cookie("session").value
    client.set_cookie("session", token.replace("e", "f", 1))
    assert "Your basket is empty." in client.get("/").text
