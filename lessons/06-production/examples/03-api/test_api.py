"""Linkbox's JSON API. Run with: pytest lessons/06-production/examples/03-api"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from linkbox.models import User, db

DOCS = {"url": "https://docs.python.org/3/", "title": "Python docs"}


# --8<-- [start:fixtures]
@pytest.fixture
def token(app: Flask) -> str:
    """A user, ada, with a fresh API token; the test gets the token itself."""
    with app.app_context():
        ada = User(username="ada", email="ada@example.com")
        ada.set_password("correct horse")
        token = ada.new_api_token()
        db.session.add(ada)
        db.session.commit()
    return token


@pytest.fixture
def api(client: FlaskClient, token: str) -> FlaskClient:
    """A test client that sends ada's token with every request, as a program would."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


# --8<-- [end:fixtures]


# --8<-- [start:tests]
def test_no_token_gets_401_with_a_challenge(client: FlaskClient) -> None:
    response = client.get("/api/bookmarks")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="linkbox"'
    assert response.is_json


def test_a_wrong_token_gets_401_invalid_token(client: FlaskClient, token: str) -> None:
    response = client.get("/api/bookmarks", headers={"Authorization": "Bearer lbx_wrong"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_the_token_is_stored_as_a_hash(app: Flask, token: str) -> None:
    with app.app_context():
        ada = db.session.scalar(db.select(User))
        assert ada is not None
        assert ada.api_token_hash is not None
        assert token not in ada.api_token_hash
        assert User.from_api_token(token) == ada


def test_save_list_and_delete_a_bookmark(api: FlaskClient) -> None:
    created = api.post("/api/bookmarks", json=DOCS)
    assert created.status_code == 201
    assert created.json is not None
    assert created.json["title"] == "Python docs"
    location = created.headers["Location"]
    assert api.get(location).json == created.json
    assert api.get("/api/bookmarks").json == {"bookmarks": [created.json]}
    assert api.delete(location).status_code == 204
    assert api.get(location).status_code == 404


def test_an_invalid_bookmark_gets_400_with_the_reasons(api: FlaskClient) -> None:
    response = api.post("/api/bookmarks", json={"url": "javascript:alert(1)", "title": ""})
    assert response.status_code == 400
    assert response.json is not None
    assert set(response.json["fields"]) == {"url", "title"}


# --8<-- [end:tests]
