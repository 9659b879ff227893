"""Tests for the examples of chapter 3, lessons 07 to 12 (testing to the Flask community)."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer, base64_decode, base64_encode
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import Client, create_environ

Loader = Callable[[str], ModuleType]
EXAMPLES = "03-flask-essentials/examples"
REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPOSITORY / "lessons" / EXAMPLES


@pytest.fixture(autouse=True)
def _no_flask_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep FLASK_* variables from the developer's shell out of the apps under test."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)


def set_cookie_headers(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


# 07 - testing


@pytest.fixture
def testable(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/testable_app.py")


def test_testable_app_counts_notes_added_through_the_form(testable: ModuleType) -> None:
    client = testable.create_app({"TESTING": True}).test_client()

    client.post("/notes", data={"text": "Buy milk"})

    assert client.get("/").text == "Hello! You have 1 note(s)."


def test_testable_app_factory_gives_every_app_its_own_notes(testable: ModuleType) -> None:
    first = testable.create_app({"TESTING": True})
    second = testable.create_app({"TESTING": True})

    first.test_client().post("/notes", data={"text": "Only in the first"})

    assert second.test_client().get("/api/notes").json == {"count": 0, "notes": []}


def test_testable_app_rejects_an_empty_note(testable: ModuleType) -> None:
    response = testable.app.test_client().post("/notes", data={"text": ""})

    assert response.status_code == 400


def test_testable_app_cli_command_adds_a_note(testable: ModuleType) -> None:
    app = testable.create_app({"TESTING": True})

    result = app.test_cli_runner().invoke(args=["add-note", "Call Ada"])

    assert result.exit_code == 0
    assert result.output == "Added note 1: Call Ada\n"
    assert app.test_client().get("/api/notes").json["notes"] == ["Call Ada"]


def test_example_test_file_passes_when_pytest_is_given_its_path() -> None:
    test_file = EXAMPLES_DIR / "test_testable_app.py"

    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(test_file), "-q", "-p", "no:cacheprovider"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 passed" in result.stdout


def test_example_test_file_is_outside_the_default_testpaths() -> None:
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())
    testpaths = config["tool"]["pytest"]["ini_options"]["testpaths"]
    test_file = EXAMPLES_DIR / "test_testable_app.py"

    assert testpaths == ["tests"]
    assert not test_file.is_relative_to(REPOSITORY / "tests")


# 08 - WSGI


@pytest.fixture
def wsgi_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/wsgi_demo.py")


class StartResponse:
    """A stand-in for the server's start_response callable that records its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        self.calls.append((status, headers))


def test_plain_wsgi_app_calls_start_response_then_returns_bytes(wsgi_demo: ModuleType) -> None:
    start_response = StartResponse()

    body = wsgi_demo.hello_wsgi(create_environ("/hello"), start_response)

    assert start_response.calls == [
        ("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "44")])
    ]
    assert b"".join(body) == b"Hello from plain WSGI! You asked for /hello\n"


def test_plain_wsgi_app_works_with_werkzeugs_test_client(wsgi_demo: ModuleType) -> None:
    response = Client(wsgi_demo.hello_wsgi).get("/any/path")

    assert response.status_code == 200
    assert response.text == "Hello from plain WSGI! You asked for /any/path\n"


def test_flask_app_object_is_itself_a_wsgi_callable(wsgi_demo: ModuleType) -> None:
    start_response = StartResponse()

    body = wsgi_demo.app(create_environ("/"), start_response)

    assert start_response.calls[0][0] == "200 OK"
    assert ("X-Course", "flask-essentials") in start_response.calls[0][1]
    assert b"".join(body).startswith(b"Hello from Flask!")


def test_flask_app_keeps_its_type_while_its_wsgi_app_is_wrapped(wsgi_demo: ModuleType) -> None:
    assert isinstance(wsgi_demo.app, Flask)
    assert isinstance(wsgi_demo.app.wsgi_app, ProxyFix)
    assert isinstance(wsgi_demo.app.wsgi_app.app, wsgi_demo.AddHeaderMiddleware)


@pytest.mark.parametrize("path", ["/", "/does-not-exist"])
def test_middleware_adds_its_header_to_every_flask_response(
    wsgi_demo: ModuleType, path: str
) -> None:
    response = wsgi_demo.app.test_client().get(path)

    assert response.headers["X-Course"] == "flask-essentials"


def test_middleware_can_wrap_any_wsgi_app(wsgi_demo: ModuleType) -> None:
    wrapped = wsgi_demo.AddHeaderMiddleware(wsgi_demo.hello_wsgi, "X-Test", "yes")

    response = Client(wrapped).get("/")

    assert response.headers["X-Test"] == "yes"
    assert response.text.startswith("Hello from plain WSGI!")


def test_without_a_proxy_the_app_sees_the_direct_client(wsgi_demo: ModuleType) -> None:
    response = wsgi_demo.app.test_client().get("/")

    assert response.text == "Hello from Flask! scheme=http client=127.0.0.1"


def test_proxy_fix_uses_the_forwarded_client_address_and_scheme(wsgi_demo: ModuleType) -> None:
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}

    response = wsgi_demo.app.test_client().get("/", headers=headers)

    assert response.text == "Hello from Flask! scheme=https client=203.0.113.7"


# 09 - cookies


@pytest.fixture
def cookies_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/cookies_demo.py")


@pytest.fixture
def cookie_client(cookies_demo: ModuleType) -> FlaskClient:
    return cookies_demo.app.test_client()


def test_first_visit_uses_the_light_theme_and_sets_no_cookie(cookie_client: FlaskClient) -> None:
    response = cookie_client.get("/")

    assert "Your theme is <strong>light</strong>" in response.text
    assert set_cookie_headers(response) == []


def test_choosing_a_theme_sets_a_cookie_with_safe_attributes(cookie_client: FlaskClient) -> None:
    response = cookie_client.get("/theme/dark")

    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/"
    [header] = set_cookie_headers(response)
    attributes = header.split("; ")
    assert attributes[0] == "theme=dark"
    assert attributes[1].startswith("Expires=")
    assert attributes[2:] == ["Max-Age=2592000", "HttpOnly", "Path=/", "SameSite=Lax"]
    cookie = cookie_client.get_cookie("theme")
    assert cookie is not None
    assert (cookie.value, cookie.max_age, cookie.http_only, cookie.same_site) == (
        "dark",
        2592000,
        True,
        "Lax",
    )
    assert not cookie.secure


def test_theme_cookie_is_marked_secure_over_https(cookies_demo: ModuleType) -> None:
    client = cookies_demo.app.test_client()

    response = client.get("/theme/dark", base_url="https://localhost")

    assert "; Secure;" in set_cookie_headers(response)[0]


def test_browser_sends_the_theme_cookie_back(cookie_client: FlaskClient) -> None:
    cookie_client.get("/theme/dark")

    assert "Your theme is <strong>dark</strong>" in cookie_client.get("/").text


def test_unknown_theme_is_not_found(cookie_client: FlaskClient) -> None:
    response = cookie_client.get("/theme/purple")

    assert response.status_code == 404
    assert set_cookie_headers(response) == []


def test_made_up_theme_cookie_falls_back_to_light(cookie_client: FlaskClient) -> None:
    cookie_client.set_cookie("theme", "<script>")

    assert "Your theme is <strong>light</strong>" in cookie_client.get("/").text


def test_forget_deletes_both_cookies(cookie_client: FlaskClient) -> None:
    cookie_client.get("/theme/dark")
    cookie_client.post("/remember", data={"name": "Ada"})

    response = cookie_client.get("/forget")

    headers = set_cookie_headers(response)
    assert [h.split("=")[0] for h in headers] == ["theme", "name"]
    assert all("Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0" in h for h in headers)
    assert cookie_client.get_cookie("theme") is None
    assert cookie_client.get_cookie("name") is None


def test_remembered_name_is_shown_on_later_visits(cookie_client: FlaskClient) -> None:
    response = cookie_client.post("/remember", data={"name": "Ada"}, follow_redirects=True)

    assert "Welcome back, Ada!" in response.text
    assert "HttpOnly" in set_cookie_headers(response.history[0])[0]


def test_empty_name_is_a_bad_request(cookie_client: FlaskClient) -> None:
    assert cookie_client.post("/remember", data={"name": "  "}).status_code == 400


def test_signed_cookie_is_readable_by_anyone(cookie_client: FlaskClient) -> None:
    cookie_client.post("/remember", data={"name": "Ada"})
    cookie = cookie_client.get_cookie("name")
    assert cookie is not None

    payload, timestamp, signature = cookie.value.split(".")

    assert json.loads(base64_decode(payload)) == "Ada"


def test_tampered_signed_cookie_is_rejected(cookie_client: FlaskClient) -> None:
    cookie_client.post("/remember", data={"name": "Ada"})
    cookie = cookie_client.get_cookie("name")
    assert cookie is not None
    _, timestamp, signature = cookie.value.split(".")
    forged_payload = base64_encode(json.dumps("Admin")).decode()

    cookie_client.set_cookie("name", f"{forged_payload}.{timestamp}.{signature}")
    page = cookie_client.get("/").text

    assert "Welcome back" not in page
    assert "Remember me" in page


def test_cookie_signed_with_another_key_is_rejected(cookie_client: FlaskClient) -> None:
    forged = URLSafeTimedSerializer("guessed-key", salt="remember-name").dumps("Admin")

    cookie_client.set_cookie("name", forged)

    assert "Welcome back" not in cookie_client.get("/").text


def test_signed_cookie_older_than_its_max_age_is_rejected(
    cookies_demo: ModuleType, cookie_client: FlaskClient
) -> None:
    class EightDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 8 * 24 * 60 * 60

    key = cookies_demo.app.config["SECRET_KEY"]
    old = URLSafeTimedSerializer(key, salt="remember-name", signer=EightDaysAgo).dumps("Ada")
    fresh = URLSafeTimedSerializer(key, salt="remember-name").dumps("Ada")

    cookie_client.set_cookie("name", old)
    assert "Welcome back" not in cookie_client.get("/").text
    cookie_client.set_cookie("name", fresh)
    assert "Welcome back, Ada!" in cookie_client.get("/").text


# 10 - sessions


@pytest.fixture
def sessions_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/sessions_demo.py")


@pytest.fixture
def shop(sessions_demo: ModuleType) -> FlaskClient:
    return sessions_demo.create_app({"TESTING": True}).test_client()


def session_cookie_header(response) -> str:
    [header] = [h for h in set_cookie_headers(response) if h.startswith("session=")]
    return header


def test_visit_counter_grows_while_the_client_keeps_its_cookie(shop: FlaskClient) -> None:
    for expected in (1, 2, 3):
        assert f"loaded this page {expected} time(s)" in shop.get("/").text


def test_a_new_browser_gets_a_new_session(sessions_demo: ModuleType) -> None:
    app = sessions_demo.create_app({"TESTING": True})
    app.test_client().get("/")

    assert "loaded this page 1 time(s)" in app.test_client().get("/").text


def test_adding_products_fills_the_basket_in_the_session(shop: FlaskClient) -> None:
    shop.post("/add/apple")
    shop.post("/add/apple")
    response = shop.post("/add/cheese", follow_redirects=True)

    assert "Apple &times; 2" in response.text
    assert "Cheese &times; 1" in response.text
    with shop.session_transaction() as session:
        assert session["basket"] == {"apple": 2, "cheese": 1}


def test_session_can_be_prepared_before_a_request(shop: FlaskClient) -> None:
    with shop.session_transaction() as session:
        session["basket"] = {"bread": 5}
        session["visits"] = 41

    page = shop.get("/").text

    assert "Bread &times; 5" in page
    assert "loaded this page 42 time(s)" in page


def test_unknown_product_is_not_found(shop: FlaskClient) -> None:
    assert shop.post("/add/caviar").status_code == 404


def test_emptying_the_basket_keeps_the_visit_count(shop: FlaskClient) -> None:
    shop.get("/")
    shop.post("/add/bread")

    page = shop.post("/clear", follow_redirects=True).text

    assert "Your basket is empty." in page
    assert "loaded this page 2 time(s)" in page


def test_session_cookie_can_be_read_without_the_secret_key(shop: FlaskClient) -> None:
    shop.post("/add/apple")
    cookie = shop.get_cookie("session")
    assert cookie is not None

    payload = cookie.value.split(".")[0]

    assert json.loads(base64_decode(payload)) == {"basket": {"apple": 1}}


def test_tampered_session_cookie_is_ignored(shop: FlaskClient) -> None:
    shop.post("/add/apple")
    cookie = shop.get_cookie("session")
    assert cookie is not None
    _, timestamp, signature = cookie.value.split(".")
    forged = base64_encode(json.dumps({"basket": {"cheese": 99}})).decode()

    shop.set_cookie("session", f"{forged}.{timestamp}.{signature}")
    page = shop.get("/").text

    assert "Your basket is empty." in page
    assert "Cheese" not in page.split("Your basket")[1]


def test_session_cookie_defaults_to_httponly_lax_and_browser_lifetime(shop: FlaskClient) -> None:
    header = session_cookie_header(shop.get("/"))

    assert "; HttpOnly;" in header
    assert header.endswith("; SameSite=Lax")
    assert "Secure" not in header
    assert "Expires=" not in header


def test_secure_setting_marks_the_session_cookie_secure(sessions_demo: ModuleType) -> None:
    app = sessions_demo.create_app({"SESSION_COOKIE_SECURE": True})

    header = session_cookie_header(app.test_client().get("/", base_url="https://localhost"))

    assert "; Secure;" in header


def test_remember_me_makes_the_session_last_seven_days(shop: FlaskClient) -> None:
    response = shop.post("/remember-me")

    expires = session_cookie_header(response).split("Expires=")[1].split(";")[0]
    lifetime = datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert abs(lifetime - datetime.now(UTC) - timedelta(days=7)) < timedelta(minutes=1)
    assert "remember you for a week" in shop.get("/").text


def test_forget_me_clears_the_session_and_deletes_the_cookie(shop: FlaskClient) -> None:
    shop.post("/add/apple")
    shop.post("/remember-me")

    response = shop.post("/forget-me")

    assert "Max-Age=0" in session_cookie_header(response)
    assert shop.get_cookie("session") is None


def test_session_without_a_secret_key_cannot_be_written(sessions_demo: ModuleType) -> None:
    app = sessions_demo.create_app({"TESTING": True, "SECRET_KEY": None})

    with pytest.raises(RuntimeError, match="no secret key was set"):
        app.test_client().get("/")


def test_secret_key_comes_from_the_environment(
    sessions_demo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")

    assert sessions_demo.create_app().secret_key == "from-the-environment"


# 11 - REST APIs


@pytest.fixture
def api(load_example: Loader) -> FlaskClient:
    return load_example(f"{EXAMPLES}/rest_api.py").create_app({"TESTING": True}).test_client()


NEW_BOOK = {"title": "Beloved", "author": "Toni Morrison", "year": 1987}


def test_get_collection_lists_every_book_as_json(api: FlaskClient) -> None:
    response = api.get("/api/books")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert [book["title"] for book in response.json] == ["Dune", "Emma"]


def test_get_item_returns_one_book(api: FlaskClient) -> None:
    response = api.get("/api/books/2")

    assert response.status_code == 200
    assert response.json == {"id": 2, "title": "Emma", "author": "Jane Austen", "year": 1815}


def test_get_missing_item_is_a_json_404(api: FlaskClient) -> None:
    response = api.get("/api/books/99")

    assert response.status_code == 404
    assert response.json == {
        "error": "Not Found",
        "message": "There is no book with id 99.",
        "status": 404,
    }


def test_post_creates_a_book_with_201_and_its_location(api: FlaskClient) -> None:
    response = api.post("/api/books", json=NEW_BOOK)

    assert response.status_code == 201
    assert response.json == {"id": 3, **NEW_BOOK}
    assert response.headers["Location"] == "/api/books/3"
    assert api.get(response.headers["Location"]).json == {"id": 3, **NEW_BOOK}


def test_post_with_missing_fields_is_422_listing_them(api: FlaskClient) -> None:
    response = api.post("/api/books", json={"title": "Beloved"})

    assert response.status_code == 422
    assert response.json["fields"] == {
        "author": "This field is required.",
        "year": "This field is required.",
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"year": "1987"}, "year", "Must be a whole number."),
        ({"year": True}, "year", "Must be a whole number."),
        ({"title": 42}, "title", "Must be a string."),
        ({"author": "   "}, "author", "Must not be empty."),
        ({"isbn": "123"}, "isbn", "Unknown field."),
    ],
)
def test_post_with_a_bad_field_is_422(
    api: FlaskClient, change: dict, field: str, message: str
) -> None:
    response = api.post("/api/books", json={**NEW_BOOK, **change})

    assert response.status_code == 422
    assert response.json["fields"] == {field: message}
    assert len(api.get("/api/books").json) == 2


def test_post_that_is_not_json_is_a_json_415(api: FlaskClient) -> None:
    response = api.post("/api/books", data={"title": "Beloved"})

    assert response.status_code == 415
    assert response.json["error"] == "Unsupported Media Type"


def test_post_with_broken_json_is_a_json_400(api: FlaskClient) -> None:
    response = api.post("/api/books", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json["error"] == "Bad Request"


def test_post_with_a_json_list_is_a_400(api: FlaskClient) -> None:
    response = api.post("/api/books", json=[NEW_BOOK])

    assert response.status_code == 400
    assert "must be a JSON object" in response.json["message"]


def test_put_replaces_the_whole_book(api: FlaskClient) -> None:
    response = api.put("/api/books/1", json=NEW_BOOK)

    assert response.status_code == 200
    assert api.get("/api/books/1").json == {"id": 1, **NEW_BOOK}


def test_put_needs_every_field(api: FlaskClient) -> None:
    response = api.put("/api/books/1", json={"title": "Dune Messiah"})

    assert response.status_code == 422
    assert api.get("/api/books/1").json["title"] == "Dune"


def test_put_on_a_missing_book_is_404(api: FlaskClient) -> None:
    assert api.put("/api/books/99", json=NEW_BOOK).status_code == 404


def test_patch_changes_only_the_fields_sent(api: FlaskClient) -> None:
    response = api.patch("/api/books/1", json={"year": 1966})

    assert response.status_code == 200
    assert response.json == {"id": 1, "title": "Dune", "author": "Frank Herbert", "year": 1966}


def test_patch_with_a_bad_field_changes_nothing(api: FlaskClient) -> None:
    response = api.patch("/api/books/1", json={"title": "", "year": 1966})

    assert response.status_code == 422
    assert api.get("/api/books/1").json["year"] == 1965


def test_delete_answers_204_with_an_empty_body(api: FlaskClient) -> None:
    response = api.delete("/api/books/1")

    assert response.status_code == 204
    assert response.data == b""
    assert api.get("/api/books/1").status_code == 404
    assert api.delete("/api/books/1").status_code == 404


def test_unsupported_method_is_a_json_405_with_allow_header(api: FlaskClient) -> None:
    response = api.post("/api/books/1", json=NEW_BOOK)

    assert response.status_code == 405
    assert response.json["error"] == "Method Not Allowed"
    assert set(response.headers["Allow"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
        "PUT",
        "PATCH",
        "DELETE",
    }


def test_unknown_api_address_is_a_json_404(api: FlaskClient) -> None:
    response = api.get("/api/authors")

    assert response.status_code == 404
    assert response.is_json


def test_errors_outside_the_api_stay_html(api: FlaskClient) -> None:
    response = api.get("/no-such-page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert api.get("/").mimetype == "text/html"


# 12 - Python, licence and community


@pytest.fixture
def version_info(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/version_info.py")


def test_version_page_lists_the_installed_pallets_packages(version_info: ModuleType) -> None:
    data = version_info.app.test_client().get("/").json

    packages = {package["name"].lower(): package for package in data["packages"]}
    assert list(packages) == list(version_info.PALLETS_PACKAGES)
    for name, package in packages.items():
        assert package["version"] == version(name)
    assert data["python"] == ".".join(map(str, sys.version_info[:3]))


def test_installed_flask_supports_python_3_9_and_is_bsd_3_clause(version_info: ModuleType) -> None:
    flask = version_info.package_info("flask")

    assert flask["version"].startswith("3.1.")
    assert flask["requires_python"] == ">=3.9"
    assert flask["licence"] == "BSD-3-Clause"


def test_every_pallets_package_is_bsd_licensed(version_info: ModuleType) -> None:
    licences = {version_info.package_info(n)["licence"] for n in version_info.PALLETS_PACKAGES}

    assert licences <= {"BSD-3-Clause", "BSD License"}


def test_version_script_prints_one_line_per_package(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runpy.run_path(str(EXAMPLES_DIR / "version_info.py"), run_name="__main__")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Python 3.")
    assert lines[1].startswith("Flask")
    assert len(lines) == 7
