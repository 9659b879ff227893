"""Chapter 6, lesson 3: Linkbox's JSON API with bearer tokens (06-production/examples/03-api)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade

from .linkbox_steps import (
    DOCS,
    LESSONS,
    app_maker,
    package,
    relative_imports_only,
    rows,
    run_learner_tests,
    signup,
    token_from,
)

STEP = "03-api"
TOKEN_PAGE = re.compile(r'<code id="new-token">([^<]+)</code>')


@pytest.fixture
def linkbox(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example(package(STEP))


@pytest.fixture
def make_app(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    with app_maker(linkbox, tmp_path) as make:
        yield make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def new_token(client: FlaskClient) -> str:
    """Make a token on the token page, as a logged-in user would."""
    page = client.post("/auth/token")
    assert page.status_code == 200
    match = TOKEN_PAGE.search(page.text)
    assert match is not None
    return match[1]


def user_with_token(app: Flask, username: str = "ada") -> tuple[FlaskClient, str]:
    """A browser logged in as ``username``, and that user's new API token."""
    browser = app.test_client()
    signup(browser, username)
    return browser, new_token(browser)


def bearer(token: str) -> dict[str, dict[str, str]]:
    return {"headers": {"Authorization": f"Bearer {token}"}}


@pytest.fixture
def token(app: Flask) -> str:
    return user_with_token(app)[1]


# Structure and migrations


def test_the_package_uses_relative_imports_only() -> None:
    assert relative_imports_only(STEP) == []


def test_a_third_migration_adds_the_token_column(app: Flask, linkbox: ModuleType) -> None:
    versions = LESSONS / package(STEP) / "migrations" / "versions"
    assert len(list(versions.glob("*.py"))) == 3
    db = linkbox.models.db
    with app.app_context():
        columns = {c["name"] for c in db.inspect(db.engine).get_columns("user")}
        assert "api_token_hash" in columns
        db.session.execute(db.text("INSERT INTO user (username, password_hash) VALUES ('a', 'x')"))
        db.session.commit()
        downgrade(revision="-1")
        columns = {c["name"] for c in db.inspect(db.engine).get_columns("user")}
        assert "api_token_hash" not in columns
        upgrade()
        assert db.session.scalar(db.text("SELECT username FROM user")) == "a"
    assert app.test_cli_runner().invoke(args=["db", "check"]).exit_code == 0


# Tokens


def test_tokens_are_long_random_and_marked(app: Flask, linkbox: ModuleType) -> None:
    User = linkbox.models.User
    with app.app_context():
        user = User(username="ada", password_hash="x")
        tokens = {user.new_api_token() for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert token.startswith("lbx_")
        assert len(token) == 4 + 43  # 32 random bytes in URL-safe base64
        assert re.fullmatch(r"lbx_[A-Za-z0-9_-]{43}", token)


def test_only_the_sha256_of_the_token_is_stored(
    app: Flask, linkbox: ModuleType, token: str
) -> None:
    [user] = rows(app, linkbox, "User")
    assert user.api_token_hash == hashlib.sha256(token.encode()).hexdigest()
    db = linkbox.models.db
    with app.app_context():
        stored = db.session.execute(db.text("SELECT * FROM user")).one()
    assert token not in str(stored)


def test_the_token_page_is_for_members_only(client: FlaskClient) -> None:
    assert client.get("/auth/token").location.startswith("/auth/login")
    assert client.post("/auth/token").location.startswith("/auth/login")


def test_the_token_is_shown_once_and_never_cached(app: Flask, client: FlaskClient) -> None:
    signup(client)
    assert "You have no API token yet." in client.get("/auth/token").text
    response = client.post("/auth/token")
    assert response.headers["Cache-Control"] == "no-store"
    token = TOKEN_PAGE.search(response.text)
    assert token is not None
    assert "can never show it again" in response.text
    later = client.get("/auth/token").text
    assert token[1] not in later
    assert "You have an API token." in later
    assert 'href="/auth/token"' in later  # in the navigation


def test_a_new_token_replaces_the_old_one(app: Flask) -> None:
    browser, first = user_with_token(app)
    second = new_token(browser)
    api = app.test_client()
    assert api.get("/api/bookmarks", **bearer(first)).status_code == 401
    assert api.get("/api/bookmarks", **bearer(second)).status_code == 200


def test_revoking_the_token(app: Flask) -> None:
    browser, token = user_with_token(app)
    response = browser.post("/auth/token/revoke", follow_redirects=True)
    assert "Your API token has been revoked." in response.text
    assert app.test_client().get("/api/bookmarks", **bearer(token)).status_code == 401


def test_the_token_page_forms_need_csrf_tokens(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/auth/signup")
    data = {
        "username": "ada",
        "email": "ada@example.com",
        "password": "correct horse",
        "confirm": "correct horse",
        "csrf_token": token_from(page),
    }
    assert client.post("/auth/signup", data=data).status_code in (302, 303)
    assert client.post("/auth/token").status_code == 400
    page = client.get("/auth/token")
    assert client.post("/auth/token", data={"csrf_token": token_from(page)}).status_code == 200


# Authentication


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic YWRhOmNvcnJlY3QgaG9yc2U=", "Bearer", "Bearer ", "Token abc"],
    ids=["none", "basic", "bearer-alone", "bearer-empty", "other-scheme"],
)
def test_requests_without_a_bearer_token_get_a_bare_challenge(
    client: FlaskClient, token: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/bookmarks", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="linkbox"'
    assert response.is_json
    assert response.json == {"error": "Send your API token: Authorization: Bearer <token>."}


@pytest.mark.parametrize("wrong", ["lbx_wrong", "x" * 200, "a b c", "lbx_" + "A" * 43])
def test_wrong_tokens_get_invalid_token(client: FlaskClient, token: str, wrong: str) -> None:
    response = client.get("/api/bookmarks", **bearer(wrong))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="linkbox", error="invalid_token"'
    assert response.json == {"error": "That API token is not valid."}


def test_the_scheme_name_is_case_insensitive(client: FlaskClient, token: str) -> None:
    response = client.get("/api/bookmarks", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/bookmarks"),
        ("POST", "/api/bookmarks"),
        ("GET", "/api/bookmarks/1"),
        ("DELETE", "/api/bookmarks/1"),
    ],
)
def test_every_endpoint_needs_a_token(client: FlaskClient, method: str, path: str) -> None:
    assert client.open(path, method=method).status_code == 401


def test_a_logged_in_browser_without_a_token_is_refused(app: Flask) -> None:
    browser, _ = user_with_token(app)
    browser.post("/add", data=DOCS)
    response = browser.get("/api/bookmarks")  # the session cookie is sent, and ignored
    assert response.status_code == 401


def test_the_api_needs_no_csrf_token_but_the_pages_still_do(
    make_app: Callable[..., Flask], linkbox: ModuleType
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    db = linkbox.models.db
    with app.app_context():
        user = linkbox.models.User(username="ada", email="ada@example.com")
        user.set_password("correct horse")
        token = user.new_api_token()
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    assert client.post("/api/bookmarks", json=DOCS, **bearer(token)).status_code == 201
    assert client.post("/auth/login", data={"username": "ada"}).status_code == 400


# The bookmarks


def test_the_full_cycle(client: FlaskClient, token: str) -> None:
    auth = bearer(token)
    assert client.get("/api/bookmarks", **auth).json == {"bookmarks": []}
    created = client.post("/api/bookmarks", json=DOCS, **auth)
    assert created.status_code == 201
    body = created.json
    assert body is not None
    assert created.headers["Location"] == f"/api/bookmarks/{body['id']}"
    assert {k: body[k] for k in ("url", "title", "notes")} == DOCS
    assert datetime.fromisoformat(body["created_at"]).utcoffset() is not None
    assert client.get(created.headers["Location"], **auth).json == body
    deleted = client.delete(created.headers["Location"], **auth)
    assert (deleted.status_code, deleted.data) == (204, b"")
    assert client.get("/api/bookmarks", **auth).json == {"bookmarks": []}


def test_the_web_pages_and_the_api_share_the_bookmarks(app: Flask) -> None:
    browser, token = user_with_token(app)
    browser.post("/add", data={**DOCS, "title": "From the browser"})
    api = app.test_client()
    api.post("/api/bookmarks", json={**DOCS, "title": "From a script"}, **bearer(token))
    titles = [b["title"] for b in api.get("/api/bookmarks", **bearer(token)).json["bookmarks"]]
    assert titles == ["From a script", "From the browser"]  # newest first
    assert "From a script" in browser.get("/").text


def test_each_token_sees_only_its_owners_bookmarks(app: Flask) -> None:
    _, ada = user_with_token(app, "ada")
    _, grace = user_with_token(app, "grace")
    api = app.test_client()
    location = api.post("/api/bookmarks", json=DOCS, **bearer(ada)).headers["Location"]
    assert api.get("/api/bookmarks", **bearer(grace)).json == {"bookmarks": []}
    assert api.get(location, **bearer(grace)).status_code == 404  # not 403: it does not exist
    assert api.delete(location, **bearer(grace)).status_code == 404
    assert api.get(location, **bearer(ada)).status_code == 200


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"url": "docs.python.org", "title": "x"}, {"url"}),
        ({"url": "javascript:alert(1)", "title": "x"}, {"url"}),
        ({"url": "https://example.com/"}, {"title"}),
        ({"url": "https://example.com/", "title": "x" * 201}, {"title"}),
        ({}, {"url", "title"}),
    ],
)
def test_invalid_bookmarks_get_400_with_the_fields(
    app: Flask, client: FlaskClient, linkbox: ModuleType, token: str, body: dict, fields: set
) -> None:
    response = client.post("/api/bookmarks", json=body, **bearer(token))
    assert response.status_code == 400
    assert response.json is not None
    assert set(response.json["fields"]) == fields
    assert rows(app, linkbox, "Bookmark") == []


@pytest.mark.parametrize(
    "send",
    [
        {"data": "{not json", "content_type": "application/json"},
        {"json": ["https://example.com/", "x"]},
        {"json": {"url": "https://example.com/", "title": 42}},
        {"data": {"url": "https://example.com/", "title": "A form"}},
    ],
    ids=["broken-json", "a-list", "a-number", "form-data"],
)
def test_anything_but_a_json_object_of_strings_gets_400(
    app: Flask, client: FlaskClient, linkbox: ModuleType, token: str, send: dict
) -> None:
    response = client.post("/api/bookmarks", **send, **bearer(token))
    assert response.status_code == 400
    assert response.json == {"error": "Send the bookmark as a JSON object of strings."}
    assert rows(app, linkbox, "Bookmark") == []


# Errors


def test_api_errors_are_json(client: FlaskClient, token: str) -> None:
    missing = client.get("/api/nothing-here", **bearer(token))
    assert (missing.status_code, missing.is_json) == (404, True)
    wrong_method = client.put("/api/bookmarks/1", **bearer(token))
    assert wrong_method.status_code == 405
    assert wrong_method.is_json
    assert "DELETE" in wrong_method.headers["Allow"]


def test_the_web_pages_keep_html_errors(client: FlaskClient) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_api_responses_carry_the_security_headers(client: FlaskClient, token: str) -> None:
    response = client.get("/api/bookmarks", **bearer(token))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


# The lesson's own test files


def test_the_learners_test_files_pass() -> None:
    result = run_learner_tests(STEP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
