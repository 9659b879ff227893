"""Tests for Linkbox. Run them with: pytest lessons/05-capstone/examples/test_linkbox.py"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from linkbox import create_app
from linkbox.models import Bookmark, User, db

if TYPE_CHECKING:
    from conftest import AuthActions

PYTHON_DOCS = {"url": "https://docs.python.org/3/", "title": "Python docs", "notes": "Daily."}


# --8<-- [start:smoke]
def test_init_db_command_creates_the_tables(app: Flask, runner: FlaskCliRunner) -> None:
    with app.app_context():
        db.drop_all()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Initialised the database." in result.output
    with app.app_context():
        assert db.inspect(db.engine).has_table("bookmark")


def test_visitors_who_are_not_logged_in_are_sent_to_the_login_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code in (302, 303)
    assert response.location == "/auth/login?next=%2F"


# --8<-- [end:smoke]


# --8<-- [start:accounts]
def test_signing_up_stores_a_hashed_password_and_logs_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    response = auth.signup("grace", "a long password")
    assert response.status_code in (302, 303)
    assert response.location == "/"
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="grace"))
        assert user is not None
        assert user.password_hash != "a long password"
        assert user.check_password("a long password")
    assert "Logged in as grace" in client.get("/").text


def test_a_wrong_password_is_refused(auth: AuthActions) -> None:
    auth.signup()
    auth.logout()
    response = auth.login(password="wrong horse")
    assert response.status_code == 200
    assert "Wrong username or password." in response.text


# --8<-- [end:accounts]


# --8<-- [start:bookmarks]
def test_adding_a_bookmark_saves_a_row_for_the_user(
    app: Flask, logged_in_client: FlaskClient
) -> None:
    response = logged_in_client.post("/add", data=PYTHON_DOCS, follow_redirects=True)
    assert response.status_code == 200
    assert "Python docs" in response.text
    with app.app_context():
        bookmark = db.session.scalar(db.select(Bookmark))
        assert bookmark is not None
        assert bookmark.url == "https://docs.python.org/3/"
        assert bookmark.owner.username == "ada"


@pytest.mark.parametrize("url", ["docs.python.org", "javascript:alert(1)", "ftp://example.com/"])
def test_only_web_addresses_can_be_saved(
    app: Flask, logged_in_client: FlaskClient, url: str
) -> None:
    response = logged_in_client.post("/add", data={**PYTHON_DOCS, "url": url})
    assert response.status_code == 200  # the form again, with an error message
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Bookmark.id))) == 0


def test_users_cannot_delete_each_others_bookmarks(client: FlaskClient, auth: AuthActions) -> None:
    auth.signup("ada")
    client.post("/add", data=PYTHON_DOCS)
    auth.logout()
    auth.signup("grace")
    assert "https://docs.python.org/3/" not in client.get("/").text
    assert client.post("/1/delete").status_code == 403
    assert client.post("/99/delete").status_code == 404


# --8<-- [end:bookmarks]


# --8<-- [start:csrf]
def test_a_form_needs_the_csrf_token_from_the_page(
    app: Flask, logged_in_client: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True  # switch protection back on for this test

    without_token = logged_in_client.post("/add", data=PYTHON_DOCS)
    assert without_token.status_code == 400

    page = logged_in_client.get("/add")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    assert token is not None
    with_token = logged_in_client.post("/add", data={**PYTHON_DOCS, "csrf_token": token[1]})
    assert with_token.status_code in (302, 303)


# --8<-- [end:csrf]


# --8<-- [start:secret-key]
def test_secret_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "sqlite://")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"


# --8<-- [end:secret-key]
