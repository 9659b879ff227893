"""Tests for the examples of chapter 1, "Web frameworks"."""

from __future__ import annotations

import platform
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from werkzeug.test import Client

CHAPTER = "01-web-frameworks/examples"
REPOSITORY = Path(__file__).resolve().parents[2]

Loader = Callable[[str], ModuleType]


# Getting started (lesson 0) ------------------------------------------------------------------


@pytest.fixture
def check_python(load_example: Loader) -> ModuleType:
    return load_example(f"{CHAPTER}/check_python.py")


@pytest.mark.parametrize(
    ("version_info", "expected"),
    [((3, 10, 14), False), ((3, 11, 0), True), ((3, 13, 1), True), ((4, 0, 0), True)],
)
def test_check_python_accepts_3_11_and_newer(
    check_python: ModuleType, version_info: tuple[int, ...], expected: bool
) -> None:
    assert check_python.python_is_new_enough(version_info) is expected


def test_check_python_refuses_an_old_python_with_exit_status_1(
    check_python: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_python.main((3, 9, 18, "final", 0)) == 1
    assert capsys.readouterr().out == (
        "Python 3.9.18: too old, this course needs Python 3.11 or newer.\n"
    )


def test_check_python_reports_this_python_its_environment_and_flask(
    check_python: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_python.main() == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Python {platform.python_version()}: OK ({sys.executable})"
    if sys.prefix != sys.base_prefix:
        assert lines[1] == f"Virtual environment: active ({sys.prefix})"
    else:
        assert lines[1].startswith("Virtual environment: none active.")
    assert lines[2] == f"Flask: {version('flask')} installed"


def test_check_python_says_when_flask_is_missing(
    check_python: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(check_python, "flask_version", lambda: None)
    assert check_python.main() == 0
    assert capsys.readouterr().out.splitlines()[2] == "Flask: not installed for this Python yet."


def test_check_python_runs_as_a_script_from_the_repository_root() -> None:
    result = subprocess.run(
        [sys.executable, "lessons/01-web-frameworks/examples/check_python.py"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Python {platform.python_version()}: OK")
    assert len(result.stdout.splitlines()) == 3


def test_ready_app_names_the_python_and_the_flask_that_serve_it(load_example: Loader) -> None:
    app = load_example(f"{CHAPTER}/ready.py").app
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert "<h1>Ready for the course</h1>" in response.text
    assert f"<p>Python {platform.python_version()}, from " in response.text
    assert f"<p>Flask {version('flask')}</p>" in response.text


def test_ready_app_solution_to_the_exercise_answers_the_version(
    load_example: Loader,
) -> None:
    module = load_example(f"{CHAPTER}/ready.py")

    @module.app.get("/python")
    def python_version() -> str:
        return platform.python_version()

    response = module.app.test_client().get("/python")
    assert response.status_code == 200
    assert response.text == platform.python_version()


def test_the_examples_really_need_python_3_11() -> None:
    """The lesson names datetime.UTC and wsgiref.types as the reasons: both must be in use."""
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in (REPOSITORY / "lessons").rglob("*.py")
    )
    assert "from wsgiref.types import" in sources
    assert "from datetime import UTC" in sources


# The toy framework (lesson 1) ---------------------------------------------------------------


@pytest.fixture
def toy(load_example: Loader) -> ModuleType:
    return load_example(f"{CHAPTER}/toy_framework.py")


def test_toy_framework_serves_the_home_page(toy: ModuleType) -> None:
    response = Client(toy.app).get("/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert "<h1>Home</h1>" in response.text


def test_toy_framework_passes_query_arguments_to_the_view(toy: ModuleType) -> None:
    response = Client(toy.app).get("/hello?name=Ada")
    assert response.status_code == 200
    assert response.text == "<p>Hello, Ada!</p>"


def test_toy_framework_view_escapes_html_in_the_name(toy: ModuleType) -> None:
    response = Client(toy.app).get("/hello", query_string={"name": "<b>Eve</b>"})
    assert response.text == "<p>Hello, &lt;b&gt;Eve&lt;/b&gt;!</p>"


def test_toy_framework_answers_404_for_unknown_paths(toy: ModuleType) -> None:
    response = Client(toy.app).get("/nowhere")
    assert response.status_code == 404
    assert "Not Found" in response.text


def test_toy_framework_sends_the_exact_content_length(toy: ModuleType) -> None:
    # Browsers percent-encode non-ASCII characters in URLs; query_string= does the same.
    response = Client(toy.app).get("/hello", query_string={"name": "Zoë"})
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.text == "<p>Hello, Zoë!</p>"


def test_toy_framework_route_decorator_registers_and_returns_the_view(toy: ModuleType) -> None:
    assert toy.app.routes == {"/": toy.home, "/hello": toy.hello}
    request = toy.Request({"REQUEST_METHOD": "GET", "PATH_INFO": "/hello", "QUERY_STRING": ""})
    assert toy.hello(request) == "<p>Hello, World!</p>"


def test_toy_framework_can_be_called_directly_with_a_minimal_environ(toy: ModuleType) -> None:
    calls = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        calls.append((status, dict(headers)))

    body = toy.app({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, start_response)
    assert calls[0][0] == "200 OK"
    assert b"".join(body).startswith(b"<h1>Home</h1>")


# Raw WSGI and Flask side by side (lesson 2) ------------------------------------------------


@pytest.fixture(params=["raw_wsgi_hello.py", "flask_hello.py"])
def hello_client(request: pytest.FixtureRequest, load_example: Loader) -> Client:
    """A plain Werkzeug client for each version: both are WSGI apps, so both can be tested alike."""
    return Client(load_example(f"{CHAPTER}/{request.param}").app)


def test_both_hello_versions_greet_the_world_by_default(hello_client: Client) -> None:
    response = hello_client.get("/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text == "<p>Hello, World!</p>"


def test_both_hello_versions_greet_the_name_in_the_query_string(hello_client: Client) -> None:
    assert hello_client.get("/?name=Ada").text == "<p>Hello, Ada!</p>"


def test_both_hello_versions_escape_html_in_the_name(hello_client: Client) -> None:
    response = hello_client.get("/", query_string={"name": "<script>alert(1)</script>"})
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_both_hello_versions_answer_404_for_unknown_paths(hello_client: Client) -> None:
    assert hello_client.get("/missing").status_code == 404


def test_both_hello_versions_refuse_post_with_405_and_an_allow_header(
    hello_client: Client,
) -> None:
    response = hello_client.post("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_raw_wsgi_hello_can_be_called_with_a_minimal_environ(load_example: Loader) -> None:
    app = load_example(f"{CHAPTER}/raw_wsgi_hello.py").app
    seen = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = status
        seen["headers"] = dict(headers)

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "name=Grace"}
    body = b"".join(app(environ, start_response))
    assert seen["status"] == "200 OK"
    assert seen["headers"]["Content-Length"] == str(len(body))
    assert body == b"<p>Hello, Grace!</p>"


def test_flask_hello_works_with_the_flask_test_client(load_example: Loader) -> None:
    app = load_example(f"{CHAPTER}/flask_hello.py").app
    response = app.test_client().get("/", query_string={"name": "Linus"})
    assert response.status_code == 200
    assert response.text == "<p>Hello, Linus!</p>"


def test_flask_hello_answers_head_and_options_without_extra_code(load_example: Loader) -> None:
    client = load_example(f"{CHAPTER}/flask_hello.py").app.test_client()
    head = client.head("/")
    assert head.status_code == 200
    assert head.data == b""
    options = client.options("/")
    assert options.status_code == 200
    assert set(options.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


# Flask's building blocks (lesson 4) --------------------------------------------------------


@pytest.fixture
def pieces(load_example: Loader) -> ModuleType:
    return load_example(f"{CHAPTER}/flask_core_pieces.py")


def test_core_pieces_counts_visits_in_the_session(pieces: ModuleType) -> None:
    client = pieces.app.test_client()
    assert "loaded this page 1 time." in client.get("/").text
    assert "loaded this page 2 times." in client.get("/").text
    with client.session_transaction() as session:
        assert session["visits"] == 2


def test_core_pieces_session_cookie_is_signed_and_http_only(pieces: ModuleType) -> None:
    client = pieces.app.test_client()
    client.get("/")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    # A signed cookie is "payload.timestamp.signature"; the payload alone is not trusted.
    assert cookie.value.count(".") >= 2


def test_core_pieces_ignores_a_tampered_session_cookie(pieces: ModuleType) -> None:
    client = pieces.app.test_client()
    client.get("/")
    client.get("/")
    forged = client.get_cookie("session").value[:-3] + "abc"
    client.set_cookie("session", forged)
    assert "loaded this page 1 time." in client.get("/").text


def test_core_pieces_escapes_html_in_the_name(pieces: ModuleType) -> None:
    response = pieces.app.test_client().get("/", query_string={"name": "<i>Ada</i>"})
    assert "<h1>Hello, &lt;i&gt;Ada&lt;/i&gt;!</h1>" in response.text


def test_core_pieces_greet_command_prints_a_greeting(pieces: ModuleType) -> None:
    result = pieces.app.test_cli_runner().invoke(args=["greet", "Ada"])
    assert result.exit_code == 0
    assert result.output == "Hello, Ada!\n"


def test_core_pieces_signal_receiver_records_each_rendered_greeting(pieces: ModuleType) -> None:
    client = pieces.app.test_client()
    client.get("/?name=Ada")
    client.get("/?name=Grace")
    assert pieces.greeted == ["Ada", "Grace"]


# A small JSON API (lesson 5) ---------------------------------------------------------------


@pytest.fixture
def api(load_example: Loader) -> ModuleType:
    return load_example(f"{CHAPTER}/flask_json_api.py")


def test_json_api_lists_all_books(api: ModuleType) -> None:
    response = api.app.test_client().get("/api/books")
    assert response.status_code == 200
    assert response.is_json
    assert response.json == [{"id": 1, "title": "Dune"}, {"id": 2, "title": "Middlemarch"}]


def test_json_api_returns_one_book_by_id(api: ModuleType) -> None:
    response = api.app.test_client().get("/api/books/2")
    assert response.status_code == 200
    assert response.json == {"id": 2, "title": "Middlemarch"}


def test_json_api_answers_404_with_a_json_error_for_a_missing_book(api: ModuleType) -> None:
    response = api.app.test_client().get("/api/books/99")
    assert response.status_code == 404
    assert response.json == {"error": "There is no book with id 99."}


def test_json_api_only_matches_integer_ids(api: ModuleType) -> None:
    assert api.app.test_client().get("/api/books/dune").status_code == 404


def test_json_api_adds_a_book_and_returns_201(api: ModuleType) -> None:
    client = api.app.test_client()
    response = client.post("/api/books", json={"title": "  Beloved "})
    assert response.status_code == 201
    assert response.json == {"id": 3, "title": "Beloved"}
    assert client.get("/api/books/3").json == {"id": 3, "title": "Beloved"}


@pytest.mark.parametrize(
    "payload",
    [{}, {"title": ""}, {"title": "   "}, {"title": 42}, ["Dune"]],
    ids=["no-title", "empty", "blank", "not-a-string", "not-an-object"],
)
def test_json_api_rejects_a_book_without_a_valid_title(api: ModuleType, payload: object) -> None:
    response = api.app.test_client().post("/api/books", json=payload)
    assert response.status_code == 400
    assert "title" in response.json["error"]
    assert len(api.books) == 2


def test_json_api_rejects_a_body_that_is_not_json(api: ModuleType) -> None:
    response = api.app.test_client().post("/api/books", data="title=Dune")
    assert response.status_code == 400
