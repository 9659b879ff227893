"""Tests for rest_api.py, as the REST API lesson writes them.

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_rest_api.py
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from rest_api import create_app


@pytest.fixture
def client() -> FlaskClient:
    """A test client of a new books API (this file's own, not conftest.py's)."""
    return create_app({"TESTING": True}).test_client()


# --8<-- [start:create]
def test_post_creates_a_book_with_201_and_its_location(client):
    response = client.post(
        "/api/books", json={"title": "Beloved", "author": "Toni Morrison", "year": 1987}
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/books/3"


# --8<-- [end:create]


def test_errors_under_api_are_json(client):
    response = client.get("/api/books/99")
    assert response.status_code == 404
    assert response.json == {
        "error": "Not Found",
        "message": "There is no book with id 99.",
        "status": 404,
    }
