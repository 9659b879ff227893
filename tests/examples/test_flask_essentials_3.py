"""Tests for the examples of chapter 3, lessons 13 to 16 (request lifecycle to file uploads)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from flask import Flask, Response, g

Loader = Callable[[str], ModuleType]
EXAMPLES = "03-flask-essentials/examples"


@pytest.fixture(autouse=True)
def _no_flask_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep FLASK_* variables from the developer's shell out of the apps under test."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)


# 13 - the life of a request


@pytest.fixture
def lifecycle(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/lifecycle.py")


class FakeConnection:
    closed = False

    def close(self) -> None:
        self.closed = True


def journal(app: Flask) -> list[str]:
    return app.extensions["journal"]


def test_lifecycle_hooks_run_in_order_around_the_view(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    response = app.test_client().get("/database")

    assert response.status_code == 200
    assert journal(app) == [
        "before_request: GET /database",
        "view: database",
        "open the database",
        "after_request: 200 OK",
        "teardown_request: error=None",
        "teardown_appcontext: database closed",
    ]


def test_lifecycle_database_is_opened_only_when_a_view_asks(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    app.test_client().get("/")

    assert "open the database" not in journal(app)
    assert journal(app)[-1] == "teardown_appcontext: nothing to close"


def test_lifecycle_g_keeps_one_connection_per_request(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()
    client = app.test_client()

    client.get("/database")
    client.get("/database")

    assert journal(app).count("open the database") == 2
    assert journal(app).count("teardown_appcontext: database closed") == 2


def test_lifecycle_g_is_empty_at_the_start_of_every_request(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()
    seen: list[bool] = []

    @app.before_request
    def look_at_g() -> None:
        seen.append("db" in g)

    client = app.test_client()
    client.get("/database")
    client.get("/database")

    assert seen == [False, False]


def test_lifecycle_after_request_adds_headers_to_every_response(lifecycle: ModuleType) -> None:
    client = lifecycle.create_app().test_client()

    for path, status in [("/", 200), ("/database", 200), ("/no-such-page", 404)]:
        response = client.get(path)
        assert response.status_code == status
        assert len(response.headers["X-Request-Id"]) == 8
        assert response.headers["Server-Timing"].startswith("app;dur=")


def test_lifecycle_every_request_gets_its_own_id(lifecycle: ModuleType) -> None:
    client = lifecycle.create_app().test_client()

    ids = {client.get("/").headers["X-Request-Id"] for _ in range(3)}

    assert len(ids) == 3


def test_lifecycle_unknown_address_skips_the_view_but_not_the_hooks(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    app.test_client().get("/no-such-page")

    assert journal(app) == [
        "before_request: GET /no-such-page",
        "after_request: 404 NOT FOUND",
        "teardown_request: error=None",
        "teardown_appcontext: nothing to close",
    ]


def test_lifecycle_before_request_answer_skips_the_view(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app({"MAINTENANCE": True})

    response = app.test_client().get("/database")

    assert response.status_code == 503
    assert response.text == "Down for maintenance, back soon."
    assert response.headers["X-Request-Id"]
    assert journal(app) == [
        "before_request: GET /database",
        "before_request: maintenance, the view is skipped",
        "after_request: 503 SERVICE UNAVAILABLE",
        "teardown_request: error=None",
        "teardown_appcontext: nothing to close",
    ]


def test_lifecycle_crash_gives_500_and_teardown_receives_the_error(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    response = app.test_client().get("/crash")

    assert response.status_code == 500
    assert journal(app)[-3:] == [
        "after_request: 500 INTERNAL SERVER ERROR",
        "teardown_request: error=ZeroDivisionError",
        "teardown_appcontext: database closed",
    ]


def test_lifecycle_in_debug_mode_after_request_is_skipped_but_teardown_runs(
    lifecycle: ModuleType,
) -> None:
    app = lifecycle.create_app()
    app.debug = True

    with pytest.raises(ZeroDivisionError):
        app.test_client().get("/crash")

    assert not any(event.startswith("after_request") for event in journal(app))
    assert journal(app)[-2:] == [
        "teardown_request: error=ZeroDivisionError",
        "teardown_appcontext: database closed",
    ]


def test_lifecycle_teardown_appcontext_also_runs_outside_requests(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    connection = FakeConnection()

    with app.app_context():  # as in a `flask` command
        g.db = connection

    assert connection.closed
    assert journal(app) == ["teardown_appcontext: database closed"]


def test_lifecycle_after_request_functions_run_in_reverse_order(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()
    seen_headers: list[bool] = []

    @app.after_request
    def registered_last(response: Response) -> Response:
        seen_headers.append("X-Request-Id" in response.headers)
        return response

    response = app.test_client().get("/")

    assert seen_headers == [False]  # it ran before add_headers, which was registered first
    assert "X-Request-Id" in response.headers


def test_lifecycle_context_processor_fills_in_every_template(lifecycle: ModuleType) -> None:
    client = lifecycle.create_app({"SITE_NAME": "Hooks & Co"}).test_client()

    response = client.get("/database")

    assert "<title>Hooks &amp; Co</title>" in response.text
    assert f"This is request {response.headers['X-Request-Id']}, for /database." in response.text
    assert "The database is SQLite 3." in response.text


def test_lifecycle_values_passed_to_the_template_win_over_the_context_processor(
    lifecycle: ModuleType,
) -> None:
    app = lifecycle.create_app()

    with app.test_request_context("/"):
        app.preprocess_request()
        html = lifecycle.render_template_string("{{ site_name }}", site_name="Mine")

    assert html == "Mine"


def test_lifecycle_hooks_print_their_steps(
    lifecycle: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    response = lifecycle.create_app().test_client().get("/")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"[{response.headers['X-Request-Id']}] before_request: GET /"
    assert len(lines) == 5


def test_lifecycle_exercise_solutions_work(lifecycle: ModuleType) -> None:
    app = lifecycle.create_app()

    @app.after_request
    def no_sniffing(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.before_request
    def remember_browser() -> None:
        g.browser = lifecycle.request.headers.get("User-Agent", "unknown")

    @app.context_processor
    def inject_browser() -> dict[str, object]:
        return {"browser": g.get("browser")}

    client = app.test_client()
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/no-such-page").headers["X-Content-Type-Options"] == "nosniff"
    with app.test_request_context("/", headers={"User-Agent": "TestBrowser/1.0"}):
        app.preprocess_request()
        assert lifecycle.render_template_string("{{ browser }}") == "TestBrowser/1.0"
