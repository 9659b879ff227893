"""The capstone app, Linkbox (lessons/05-capstone/examples/linkbox), and its own test file."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import TestResponse

LESSONS = Path(__file__).resolve().parents[2] / "lessons"

EXAMPLE = "05-capstone/examples/linkbox"
DOCS = {"url": "https://docs.python.org/3/", "title": "Python docs", "notes": "Read daily."}
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


@pytest.fixture
def linkbox(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example(EXAMPLE)


@pytest.fixture
def make_app(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build Linkbox apps with test settings and a fresh database file under tmp_path."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        config = {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'linkbox{len(made)}.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            **overrides,
        }
        app = linkbox.create_app(config)
        with app.app_context():
            linkbox.models.db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            linkbox.models.db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def signup(
    client: FlaskClient, username: str = "ada", password: str = "correct horse"
) -> TestResponse:
    return client.post(
        "/auth/signup", data={"username": username, "password": password, "confirm": password}
    )


def login(
    client: FlaskClient, username: str = "ada", password: str = "correct horse", **extra: str
) -> TestResponse:
    return client.post("/auth/login", data={"username": username, "password": password, **extra})


def rows(app: Flask, linkbox: ModuleType, model_name: str) -> list[Any]:
    """Every row of one model's table, oldest first."""
    models = linkbox.models
    model = getattr(models, model_name)
    with app.app_context():
        return list(models.db.session.scalars(models.db.select(model).order_by(model.id)))


def token_from(response: TestResponse) -> str:
    match = TOKEN.search(response.text)
    assert match is not None, "the page has no csrf_token field"
    return match[1]


# Configuration


def test_the_package_uses_relative_imports_only() -> None:
    package = LESSONS / EXAMPLE
    for module in package.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) linkbox\b", text, re.MULTILINE), module.name


def test_test_config_replaces_the_defaults(app: Flask) -> None:
    assert app.testing
    assert app.config["SECRET_KEY"] == "test"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("linkbox0.sqlite")
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not isinstance(app.wsgi_app, ProxyFix)


def test_environment_variables_configure_a_production_app(
    linkbox: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "sqlite://")
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("FLASK_TRUSTED_PROXIES", "1")
    app = linkbox.create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert isinstance(app.wsgi_app, ProxyFix)
    assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (1, 1, 1)


def test_the_development_secret_key_logs_a_warning_outside_debug_and_testing(
    linkbox: ModuleType, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "sqlite://")
    with caplog.at_level(logging.WARNING):
        linkbox.create_app()
    assert "FLASK_SECRET_KEY" in caplog.text


def test_a_real_secret_key_logs_no_warning(
    linkbox: ModuleType, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "a-long-random-value")
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "sqlite://")
    with caplog.at_level(logging.WARNING):
        linkbox.create_app()
    assert caplog.text == ""


def test_init_db_command_creates_the_tables(app: Flask, linkbox: ModuleType) -> None:
    db = linkbox.models.db
    with app.app_context():
        db.drop_all()
        assert not db.inspect(db.engine).has_table("bookmark")
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Initialised the database." in result.output
    with app.app_context():
        tables = set(db.inspect(db.engine).get_table_names())
    assert {"user", "bookmark"} <= tables


def test_init_db_can_run_twice_without_losing_data(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert [user.username for user in rows(app, linkbox, "User")] == ["ada"]


# Signing up, logging in and out


def test_signup_page_shows_the_form(client: FlaskClient) -> None:
    response = client.get("/auth/signup")
    assert response.status_code == 200
    for name in ("username", "password", "confirm"):
        assert f'name="{name}"' in response.text


def test_signing_up_creates_a_user_with_a_hashed_password_and_logs_in(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    response = signup(client, "grace", "a long password")
    assert response.status_code in (302, 303)
    assert response.location == "/"
    [user] = rows(app, linkbox, "User")
    assert user.username == "grace"
    assert "a long password" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    with client.session_transaction() as session:
        assert session["_user_id"] == str(user.id)
    page = client.get("/")
    assert "Logged in as grace" in page.text
    assert "Welcome to Linkbox, grace!" in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "ab", "password": "long enough", "confirm": "long enough"}, "between"),
        ({"username": "a b c", "password": "long enough", "confirm": "long enough"}, "Use letters"),
        ({"username": "grace", "password": "short", "confirm": "short"}, "at least 8"),
        ({"username": "grace", "password": "long enough", "confirm": "different"}, "differ"),
    ],
)
def test_signup_rejects_bad_input(
    app: Flask, client: FlaskClient, linkbox: ModuleType, data: dict[str, str], message: str
) -> None:
    response = client.post("/auth/signup", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert rows(app, linkbox, "User") == []


def test_signup_rejects_a_taken_username(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client, "ada")
    client.post("/auth/logout")
    response = signup(client, "ada", "another password")
    assert response.status_code == 200
    assert "That username is taken" in response.text
    assert len(rows(app, linkbox, "User")) == 1


def test_logging_in_with_the_right_password(client: FlaskClient) -> None:
    signup(client)
    client.post("/auth/logout")
    response = login(client)
    assert response.status_code in (302, 303)
    assert response.location == "/"
    assert "Logged in as ada" in client.get("/").text


@pytest.mark.parametrize(("username", "password"), [("ada", "wrong horse"), ("nobody", "x" * 8)])
def test_a_wrong_username_or_password_gets_the_same_message(
    client: FlaskClient, username: str, password: str
) -> None:
    signup(client)
    client.post("/auth/logout")
    response = login(client, username, password)
    assert response.status_code == 200
    assert "Wrong username or password." in response.text
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_login_returns_to_the_page_that_asked_for_it(client: FlaskClient) -> None:
    signup(client)
    client.post("/auth/logout")
    assert client.get("/add").location == "/auth/login?next=%2Fadd"
    response = client.post(
        "/auth/login?next=%2Fadd", data={"username": "ada", "password": "correct horse"}
    )
    assert response.location == "/add"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "evil.example"]
)
def test_login_never_redirects_to_another_site(client: FlaskClient, target: str) -> None:
    signup(client)
    client.post("/auth/logout")
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"username": "ada", "password": "correct horse"},
    )
    assert response.status_code in (302, 303)
    assert response.location == "/"


@pytest.mark.parametrize("path", ["/auth/login", "/auth/signup"])
def test_logged_in_users_skip_the_login_and_signup_pages(client: FlaskClient, path: str) -> None:
    signup(client)
    response = client.get(path)
    assert response.status_code in (302, 303)
    assert response.location == "/"


def test_remember_me_sets_a_long_lived_http_only_cookie(client: FlaskClient) -> None:
    signup(client)
    client.post("/auth/logout")
    login(client, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_secure_cookie_settings_reach_the_session_cookie(make_app: Callable[..., Flask]) -> None:
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    signup(client)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.secure
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_logging_out_forgets_the_user(client: FlaskClient) -> None:
    signup(client)
    response = client.post("/auth/logout", follow_redirects=True)
    assert response.request.path == "/auth/login"
    assert "You are logged out." in response.text
    assert client.get("/").status_code in (302, 303)


def test_logging_out_needs_a_post(client: FlaskClient) -> None:
    signup(client)
    assert client.get("/auth/logout").status_code == 405


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/add"),
        ("POST", "/add"),
        ("POST", "/1/delete"),
        ("POST", "/auth/logout"),
    ],
)
def test_pages_for_members_send_visitors_to_the_login_page(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code in (302, 303)
    assert response.location.startswith("/auth/login?next=")


# Bookmarks


def test_a_new_user_sees_an_empty_list(client: FlaskClient) -> None:
    signup(client)
    response = client.get("/")
    assert response.status_code == 200
    assert "No bookmarks yet." in response.text


def test_add_page_shows_the_form(client: FlaskClient) -> None:
    signup(client)
    response = client.get("/add")
    assert response.status_code == 200
    assert 'type="url"' in response.text
    for name in ("url", "title", "notes", "csrf_token"):
        assert f'name="{name}"' in response.text


def test_adding_a_bookmark_saves_a_row_owned_by_the_user(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client)
    response = client.post("/add", data=DOCS, follow_redirects=True)
    assert response.request.path == "/"
    assert "Saved “Python docs”." in response.text
    assert 'href="https://docs.python.org/3/"' in response.text
    assert "Read daily." in response.text
    [bookmark] = rows(app, linkbox, "Bookmark")
    [user] = rows(app, linkbox, "User")
    assert (bookmark.url, bookmark.title, bookmark.notes) == (
        "https://docs.python.org/3/",
        "Python docs",
        "Read daily.",
    )
    assert bookmark.user_id == user.id
    assert bookmark.created_at is not None


def test_notes_are_optional(app: Flask, client: FlaskClient, linkbox: ModuleType) -> None:
    signup(client)
    client.post("/add", data={"url": "https://flask.palletsprojects.com/", "title": "Flask"})
    [bookmark] = rows(app, linkbox, "Bookmark")
    assert bookmark.notes == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "docs.python.org"}, "Invalid URL."),
        ({"url": "javascript:alert(1)"}, "Only http:// and https://"),
        ({"url": "javascript://example.com/%0Aalert(1)"}, "Only http:// and https://"),
        ({"url": ""}, "This field is required."),
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 201}, "longer than 200"),
    ],
)
def test_invalid_bookmarks_are_refused_with_a_message(
    app: Flask, client: FlaskClient, linkbox: ModuleType, changes: dict[str, str], message: str
) -> None:
    signup(client)
    response = client.post("/add", data={**DOCS, **changes})
    assert response.status_code == 200
    assert message in response.text
    assert rows(app, linkbox, "Bookmark") == []


def test_the_list_shows_newest_first(client: FlaskClient) -> None:
    signup(client)
    for title in ("First", "Second", "Third"):
        client.post("/add", data={**DOCS, "title": title})
    text = client.get("/").text
    assert text.index(">Third</a>") < text.index(">Second</a>") < text.index(">First</a>")


def test_titles_and_notes_are_escaped(client: FlaskClient) -> None:
    signup(client)
    client.post("/add", data={**DOCS, "title": "<b>bold</b>", "notes": "<script>x</script>"})
    text = client.get("/").text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text
    assert "<script>x</script>" not in text


def test_each_user_sees_only_their_own_bookmarks(client: FlaskClient) -> None:
    signup(client, "ada")
    client.post("/add", data=DOCS)
    client.post("/auth/logout")
    signup(client, "grace")
    client.post("/add", data={"url": "https://www.sqlite.org/", "title": "SQLite"})
    text = client.get("/").text
    assert "SQLite" in text
    assert "docs.python.org" not in text


def test_deleting_your_own_bookmark(app: Flask, client: FlaskClient, linkbox: ModuleType) -> None:
    signup(client)
    client.post("/add", data=DOCS)
    [bookmark] = rows(app, linkbox, "Bookmark")
    assert f'action="/{bookmark.id}/delete"' in client.get("/").text
    response = client.post(f"/{bookmark.id}/delete", follow_redirects=True)
    assert response.request.path == "/"
    assert "Deleted “Python docs”." in response.text
    assert rows(app, linkbox, "Bookmark") == []


def test_deleting_someone_elses_bookmark_is_forbidden(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client, "ada")
    client.post("/add", data=DOCS)
    [bookmark] = rows(app, linkbox, "Bookmark")
    client.post("/auth/logout")
    signup(client, "grace")
    response = client.post(f"/{bookmark.id}/delete")
    assert response.status_code == 403
    assert "belongs to someone else" in response.text
    assert len(rows(app, linkbox, "Bookmark")) == 1


def test_deleting_a_missing_bookmark_is_not_found(client: FlaskClient) -> None:
    signup(client)
    response = client.post("/42/delete")
    assert response.status_code == 404
    assert "No such bookmark." in response.text


def test_deleting_needs_a_post(app: Flask, client: FlaskClient, linkbox: ModuleType) -> None:
    signup(client)
    client.post("/add", data=DOCS)
    assert client.get("/1/delete").status_code == 405
    assert len(rows(app, linkbox, "Bookmark")) == 1


def test_deleting_a_user_deletes_their_bookmarks(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client)
    client.post("/add", data=DOCS)
    db = linkbox.models.db
    with app.app_context():
        user = db.session.scalar(db.select(linkbox.models.User))
        assert [b.title for b in user.bookmarks] == ["Python docs"]
        db.session.delete(user)
        db.session.commit()
    assert rows(app, linkbox, "Bookmark") == []


# Bootstrap-Flask: the look of every page


def test_pages_load_bootstrap_from_the_app_itself(client: FlaskClient) -> None:
    text = client.get("/auth/login").text
    assert '<link rel="stylesheet" href="/bootstrap/static/css/bootstrap.min.css">' in text
    assert '<script src="/bootstrap/static/js/bootstrap.min.js"></script>' in text
    assert "cdn.jsdelivr.net" not in text
    with client.get("/bootstrap/static/css/bootstrap.min.css") as css:
        assert css.status_code == 200
        assert css.mimetype == "text/css"


def test_render_form_draws_every_field_and_the_submit_button(client: FlaskClient) -> None:
    text = client.get("/auth/signup").text
    assert '<form action="" method="post"' in text
    for name, autocomplete in (
        ("username", "username"),
        ("password", "new-password"),
        ("confirm", "new-password"),
    ):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', text)
        assert field is not None, name
        assert 'class="form-control"' in field[0]
        assert f'autocomplete="{autocomplete}"' in field[0]
    assert re.search(r'<input class="btn btn-primary[^"]*"[^>]*value="Create my account">', text)


def test_field_errors_are_shown_as_bootstrap_feedback(client: FlaskClient) -> None:
    signup(client)
    response = client.post("/add", data={**DOCS, "url": "docs.python.org"})
    assert re.search(r'<input class="form-control is-invalid"[^>]*name="url"', response.text)
    assert '<div class="invalid-feedback d-block">Invalid URL.</div>' in response.text
    assert 'placeholder="https://"' in response.text
    assert 'rows="4"' in response.text


def test_flash_categories_become_bootstrap_alerts(client: FlaskClient) -> None:
    response = signup(client)
    assert 'class="alert alert-success"' in client.get(response.location).text
    client.post("/auth/logout")
    response = login(client, password="wrong horse")
    alert = re.search(r'"alert alert-danger"[^>]*>\s*Wrong username or password', response.text)
    assert alert is not None


def test_the_navigation_marks_the_current_page(client: FlaskClient) -> None:
    signup(client)
    text = client.get("/add").text
    assert re.search(r'nav-link active" aria-current="page"\s+href="/add"', text)
    assert not re.search(r'nav-link active" aria-current="page"\s+href="/"', text)


# CSRF protection, switched on as in production


@pytest.fixture
def csrf_client(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_with_csrf_on_every_post_without_a_token_is_refused(csrf_client: FlaskClient) -> None:
    response = signup(csrf_client)
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text


def test_with_csrf_on_the_whole_journey_works_with_tokens_from_the_pages(
    app: Flask, csrf_client: FlaskClient, linkbox: ModuleType
) -> None:
    client = csrf_client
    token = token_from(client.get("/auth/signup"))
    response = client.post(
        "/auth/signup",
        data={
            "username": "ada",
            "password": "correct horse",
            "confirm": "correct horse",
            "csrf_token": token,
        },
    )
    assert response.status_code in (302, 303)

    assert client.post("/add", data=DOCS).status_code == 400
    token = token_from(client.get("/add"))
    assert client.post("/add", data={**DOCS, "csrf_token": token}).status_code in (302, 303)

    index = client.get("/")
    assert "Python docs" in index.text
    assert client.post("/1/delete").status_code == 400
    assert client.post("/1/delete", data={"csrf_token": "forged"}).status_code == 400
    response = client.post("/1/delete", data={"csrf_token": token_from(index)})
    assert response.status_code in (302, 303)

    assert client.post("/auth/logout").status_code == 400
    response = client.post("/auth/logout", data={"csrf_token": token_from(client.get("/"))})
    assert response.location == "/auth/login"


def test_a_token_from_another_session_is_refused(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    stranger, victim = app.test_client(), app.test_client()
    token = token_from(stranger.get("/auth/signup"))
    data = {"username": "ada", "password": "correct horse", "confirm": "correct horse"}
    response = victim.post("/auth/signup", data={**data, "csrf_token": token})
    assert response.status_code == 400


# The lesson's own test file


def test_the_example_test_file_passes_when_run_directly() -> None:
    """lessons/05-capstone/examples/test_linkbox.py runs with plain ``pytest <path>``."""
    root = LESSONS.parent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "lessons/05-capstone/examples/test_linkbox.py",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
