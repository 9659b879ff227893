"""Tests for the examples of chapter 3, lessons 13 to 16 (request lifecycle to file uploads)."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask, Response, g
from flask.cli import ScriptInfo, load_dotenv

Loader = Callable[[str], ModuleType]
EXAMPLES = "03-flask-essentials/examples"
REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPOSITORY / "lessons" / EXAMPLES


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


# 14 - configuration

CONFIG_VARIABLES = ("FLASK_SITE_NAME", "FLASK_ITEMS_PER_PAGE", "FLASK_SESSION_COOKIE_SECURE")


@pytest.fixture
def config_demo(load_example: Loader, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return load_example(f"{EXAMPLES}/config_demo")


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """An empty instance folder, so a learner's real instance/config.py never interferes."""
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


def settings_page(app: Flask) -> dict[str, object]:
    return app.test_client().get("/").json


@pytest.mark.parametrize(
    ("config_name", "testing", "secure"),
    [("development", False, False), ("testing", True, False)],
)
def test_config_classes_give_each_environment_its_defaults(
    config_demo: ModuleType, instance: Path, config_name: str, testing: bool, secure: bool
) -> None:
    app = config_demo.create_app(config_name, instance_path=str(instance))

    assert app.config["TESTING"] is testing
    assert settings_page(app) == {
        "config_name": config_name,
        "site_name": "Config demo",
        "items_per_page": 20,
        "support_email": "help@example.com",
        "session_cookie_secure": secure,
        "secret_key_is_set": True,
        "instance_path": str(instance),
    }


def test_config_production_refuses_to_start_without_a_secret_key(
    config_demo: ModuleType, instance: Path
) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        config_demo.create_app("production", instance_path=str(instance))


def test_config_production_starts_with_a_key_from_the_environment(
    config_demo: ModuleType, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "a-key-from-the-environment")

    app = config_demo.create_app("production", instance_path=str(instance))

    assert app.config["SECRET_KEY"] == "a-key-from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    page = app.test_client().get("/")
    assert page.json["secret_key_is_set"] is True
    assert "a-key-from-the-environment" not in page.text


def test_config_instance_folder_is_next_to_the_package_by_default(config_demo: ModuleType) -> None:
    app = config_demo.create_app("testing")

    assert Path(app.instance_path) == EXAMPLES_DIR / "instance"


def test_config_instance_file_from_the_sample_overrides_the_class(
    config_demo: ModuleType, instance: Path
) -> None:
    shutil.copy(EXAMPLES_DIR / "config_demo" / "instance_config_example.py", instance / "config.py")

    app = config_demo.create_app("production", instance_path=str(instance))

    assert app.config["SECRET_KEY"] == "replace-me-with-the-output-of-secrets.token_hex()"
    assert settings_page(app)["site_name"] == "Config demo on this computer"
    assert settings_page(app)["items_per_page"] == 30


def test_config_environment_beats_the_instance_folder_and_is_parsed_as_json(
    config_demo: ModuleType, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (instance / "config.py").write_text("ITEMS_PER_PAGE = 30\nSITE_NAME = 'From the file'\n")
    monkeypatch.setenv("FLASK_ITEMS_PER_PAGE", "50")
    monkeypatch.setenv("FLASK_SITE_NAME", "My shop")
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "true")

    app = config_demo.create_app(instance_path=str(instance))

    assert app.config["ITEMS_PER_PAGE"] == 50
    assert app.config["SITE_NAME"] == "My shop"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_config_test_settings_beat_the_environment(
    config_demo: ModuleType, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_ITEMS_PER_PAGE", "50")

    app = config_demo.create_app("testing", {"ITEMS_PER_PAGE": 3}, instance_path=str(instance))

    assert app.config["ITEMS_PER_PAGE"] == 3


def test_config_from_object_copies_only_upper_case_names() -> None:
    settings = type("Settings", (), {"SECRET_KEY": "x", "items_per_page": 10, "DEBUG_TOOLBAR": 0})
    app = Flask(__name__)

    app.config.from_object(settings)

    assert app.config["SECRET_KEY"] == "x"
    assert app.config["DEBUG_TOOLBAR"] == 0
    assert "items_per_page" not in app.config and "ITEMS_PER_PAGE" not in app.config


def test_config_factory_arguments_can_be_given_to_flask_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPOSITORY)
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    info = ScriptInfo(
        app_import_path="lessons/03-flask-essentials/examples/config_demo:create_app('testing')"
    )
    try:
        app = info.load_app()
        assert app.config["TESTING"] is True
        assert app.config["SECRET_KEY"] == "test"
    finally:
        for name in set(sys.modules) - before:
            if name == "config_demo" or name.startswith("config_demo."):
                del sys.modules[name]


def env_file_values() -> dict[str, str]:
    """The sample env file, read the way python-dotenv reads this simple file."""
    values = {}
    for line in (EXAMPLES_DIR / "config_demo.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value.strip('"')
    return values


def test_config_env_file_sample_sets_settings_through_the_environment(
    config_demo: ModuleType, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in env_file_values().items():
        monkeypatch.setenv(key, value)

    app = config_demo.create_app(instance_path=str(instance))

    assert app.config["SITE_NAME"] == "Config demo (from an env file)"
    assert app.config["ITEMS_PER_PAGE"] == 5
    assert "SECRET_KEY" not in " ".join(env_file_values())  # the sample holds no secrets


def test_config_flask_loads_the_env_file_with_python_dotenv(
    config_demo: ModuleType, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("dotenv")
    for key in env_file_values():  # record the variables, so monkeypatch restores them
        monkeypatch.setenv(key, "placeholder")
        monkeypatch.delenv(key)
    monkeypatch.setenv("FLASK_ITEMS_PER_PAGE", "7")  # already set: the file must not win

    assert load_dotenv(EXAMPLES_DIR / "config_demo.env", load_defaults=False) is True
    app = config_demo.create_app(instance_path=str(instance))

    assert app.config["SITE_NAME"] == "Config demo (from an env file)"
    assert app.config["ITEMS_PER_PAGE"] == 7


def test_config_without_python_dotenv_env_files_are_ignored() -> None:
    try:
        import dotenv  # noqa: F401
    except ImportError:
        assert load_dotenv(EXAMPLES_DIR / "config_demo.env", load_defaults=False) is False
    else:
        pytest.skip("python-dotenv is installed")


def test_config_instance_folders_are_ignored_by_git() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path = "lessons/03-flask-essentials/examples/instance/config.py"
    result = subprocess.run(
        ["git", "check-ignore", "-q", path], cwd=REPOSITORY, capture_output=True, timeout=30
    )
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0, f"{path} is not ignored by git"


# 15 - errors in production


@pytest.fixture
def errors_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/errors_demo.py")


@pytest.fixture
def shop(errors_demo: ModuleType, tmp_path: Path) -> Flask:
    """The tea room as on a server: TESTING off, so the 500 handler is used."""
    return errors_demo.create_app({"DATABASE": str(tmp_path / "shop.sqlite")})


def rows(app: Flask, table: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(app.config["DATABASE"])) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def test_errors_demo_saves_an_order_and_redirects_to_it(shop: Flask) -> None:
    client = shop.test_client()

    response = client.post("/orders", data={"item": "tea", "quantity": "2"})

    assert response.status_code in (302, 303)
    assert response.location == "/orders/1"
    assert "2 &times; tea" in client.get("/orders/1").text
    assert rows(shop, "orders") == [(1, "tea", 2)]


@pytest.mark.parametrize("path", ["/orders/999", "/no-such-page"])
def test_errors_demo_404_page_is_the_sites_own_with_status_404(shop: Flask, path: str) -> None:
    response = shop.test_client().get(path)

    assert response.status_code == 404
    assert "<h1>We couldn't find that page</h1>" in response.text
    assert '<header><a href="/">Tea room</a></header>' in response.text


def test_errors_demo_crash_shows_the_500_page_with_an_incident_number(shop: Flask) -> None:
    response = shop.test_client().post("/orders", data={"item": "scones"})

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "incident number 1." in response.text
    assert "KeyError" not in response.text  # nothing about the code reaches the visitor


def test_errors_demo_rollback_keeps_the_half_done_order_out(shop: Flask) -> None:
    client = shop.test_client()
    client.post("/orders", data={"item": "tea"})

    client.post("/orders", data={"item": "scones", "quantity": "3"})

    assert rows(shop, "orders") == [(1, "tea", 1)]
    assert rows(shop, "incidents") == [(1, "/orders", "KeyError('scones')")]


def test_errors_demo_without_the_rollback_the_commit_would_save_the_order(tmp_path: Path) -> None:
    """What the handler's rollback prevents, shown with sqlite3 alone."""
    with closing(sqlite3.connect(tmp_path / "demo.sqlite")) as db:
        db.execute("CREATE TABLE orders (item TEXT)")
        db.execute("CREATE TABLE incidents (path TEXT)")
        db.execute("INSERT INTO orders VALUES ('scones')")  # the view's unfinished work
        db.execute("INSERT INTO incidents VALUES ('/orders')")  # the handler, no rollback
        db.commit()
        assert db.execute("SELECT count(*) FROM orders").fetchone() == (1,)


def test_errors_demo_logs_the_traceback_and_the_incident(
    shop: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        shop.test_client().post("/orders", data={"item": "scones"})

    messages = [(record.levelname, record.getMessage()) for record in caplog.records]
    assert ("ERROR", "Exception on /orders [POST]") in messages
    assert ("ERROR", "Incident 1 recorded for /orders") in messages
    crash = next(record for record in caplog.records if record.getMessage().startswith("Exc"))
    assert crash.exc_info is not None and crash.exc_info[0] is KeyError


def test_errors_demo_logs_saved_orders_at_info_level(
    shop: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        shop.test_client().post("/orders", data={"item": "cake", "quantity": "2"})

    assert [record.getMessage() for record in caplog.records] == ["Order 1 saved, total 8"]
    assert caplog.records[0].name == shop.logger.name


def test_errors_demo_500_page_still_works_when_the_database_fails(
    shop: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with closing(sqlite3.connect(shop.config["DATABASE"])) as db:
        db.execute("DROP TABLE incidents")

    response = shop.test_client().post("/orders", data={"item": "scones"})

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "incident number" not in response.text
    assert "Could not record an incident for /orders" in caplog.text


def test_errors_demo_in_testing_mode_the_exception_reaches_the_test(
    errors_demo: ModuleType, tmp_path: Path
) -> None:
    app = errors_demo.create_app({"DATABASE": str(tmp_path / "t.sqlite"), "TESTING": True})

    with pytest.raises(KeyError):
        app.test_client().post("/orders", data={"item": "scones"})


def test_errors_demo_logging_configuration_reaches_flask_and_its_stream(
    errors_demo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        errors_demo.configure_logging()
        handler = root.handlers[-1]
        assert isinstance(handler, logging.StreamHandler)
        assert root.level == logging.INFO
        logging.getLogger("errors_demo_test").info("hello")
        assert "INFO in test_flask_essentials_3: hello" in capsys.readouterr().err
    finally:
        root.handlers[:], root.level = saved


def test_errors_demo_exercise_solution_keeps_405_and_the_allow_header(shop: Flask) -> None:
    @shop.errorhandler(405)
    def method_not_allowed(error):  # the solution from the lesson
        headers = {"Allow": ", ".join(error.valid_methods)}
        return "That method is not allowed here.", 405, headers

    response = shop.test_client().delete("/")

    assert response.status_code == 405
    assert response.text == "That method is not allowed here."
    assert "GET" in response.headers["Allow"]
