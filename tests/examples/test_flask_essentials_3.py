"""Tests for the examples of chapter 3, lessons 13 to 16 (request lifecycle to file uploads)."""

from __future__ import annotations

import importlib.util
import logging
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from io import BytesIO
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask, Response, g
from flask.cli import ScriptInfo, load_dotenv
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound
from werkzeug.test import TestResponse, encode_multipart
from werkzeug.utils import secure_filename

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


# 16 - file uploads


@pytest.fixture
def uploads_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/uploads_demo.py")


@pytest.fixture
def uploads(uploads_demo: ModuleType, tmp_path: Path) -> Flask:
    return uploads_demo.create_app({"UPLOAD_FOLDER": str(tmp_path / "uploads")})


def upload(client: FlaskClient, content: bytes, name: str) -> TestResponse:
    # Encoded in memory: for big bodies the test client would otherwise use a temporary
    # file that nothing closes, which Python reports as a ResourceWarning.
    boundary, body = encode_multipart({"file": FileStorage(BytesIO(content), filename=name)})
    return client.post("/", data=body, content_type=f'multipart/form-data; boundary="{boundary}"')


def stored(app: Flask) -> list[str]:
    return sorted(path.name for path in Path(app.config["UPLOAD_FOLDER"]).iterdir())


def test_uploads_default_folder_is_in_the_instance_folder(uploads_demo: ModuleType) -> None:
    # Do not create anything in the repository: look at the setting before the factory runs.
    app = Flask(uploads_demo.__name__, root_path=str(EXAMPLES_DIR))
    expected = Path(app.instance_path) / "uploads"
    assert expected.parent == EXAMPLES_DIR / "instance"
    assert "static" not in expected.parts


def test_uploads_a_text_file_is_saved_and_served_back(uploads: Flask) -> None:
    client = uploads.test_client()

    response = upload(client, b"hello", "notes.txt")

    assert response.status_code in (302, 303)
    (name,) = stored(uploads)
    assert re.fullmatch(r"[0-9a-f]{8}-notes\.txt", name)
    assert response.location == f"/uploads/{name}"
    with client.get(response.location) as served:  # closes the served file afterwards
        assert served.status_code == 200
        assert served.data == b"hello"
        assert served.mimetype == "text/plain"
    assert f'<a href="/uploads/{name}">{name}</a>' in client.get("/").text


def test_uploads_the_file_name_is_made_safe(uploads: Flask) -> None:
    upload(uploads.test_client(), b"x", "../../My holiday photo.JPG")

    (name,) = stored(uploads)
    assert name.endswith("-My_holiday_photo.JPG")
    assert list(Path(uploads.config["UPLOAD_FOLDER"]).parent.iterdir()) == [
        Path(uploads.config["UPLOAD_FOLDER"])
    ]


@pytest.mark.parametrize(
    ("dangerous", "safe"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("My holiday photo.JPG", "My_holiday_photo.JPG"),
        ("résumé.txt", "resume.txt"),
        ("../..", ""),
    ],
)
def test_uploads_secure_filename_examples_from_the_lesson(dangerous: str, safe: str) -> None:
    assert secure_filename(dangerous) == safe


def test_uploads_two_files_with_the_same_name_do_not_overwrite(uploads: Flask) -> None:
    client = uploads.test_client()

    upload(client, b"first", "photo.jpg")
    upload(client, b"second", "photo.jpg")

    names = stored(uploads)
    assert len(names) == 2
    contents = {(Path(uploads.config["UPLOAD_FOLDER"]) / n).read_bytes() for n in names}
    assert contents == {b"first", b"second"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file first."),
        ({"file": (BytesIO(b""), "")}, "Choose a file first."),
        ({"file": (BytesIO(b"<script>"), "page.html")}, "Only .png, .jpg"),
        ({"file": (BytesIO(b"x"), "noextension")}, "Only .png, .jpg"),
        ({"file": (BytesIO(b"x"), "../..")}, "Only .png, .jpg"),
    ],
    ids=["no-field", "no-file-chosen", "html", "no-extension", "only-dots"],
)
def test_uploads_refused_files_get_400_and_are_not_stored(
    uploads: Flask, data: dict[str, object], message: str
) -> None:
    response = uploads.test_client().post("/", data=data)

    assert response.status_code == 400
    assert message in response.text
    assert stored(uploads) == []


def test_uploads_extension_check_ignores_case(uploads_demo: ModuleType) -> None:
    assert uploads_demo.allowed_file("Cat.JPG")
    assert not uploads_demo.allowed_file("cat.jpg.exe")
    assert not uploads_demo.allowed_file("jpg")


def test_uploads_too_big_gives_413_with_the_sites_page(uploads: Flask) -> None:
    response = upload(uploads.test_client(), b"x" * (1024 * 1024 + 1), "big.txt")

    assert response.status_code == 413
    assert "That file is too big: the limit is 1 MB." in response.text
    assert stored(uploads) == []


def test_uploads_a_file_just_under_the_limit_is_accepted(uploads: Flask) -> None:
    response = upload(uploads.test_client(), b"x" * (1024 * 1024 - 1024), "big.txt")

    assert response.status_code in (302, 303)


def test_uploads_without_multipart_only_the_name_arrives(uploads: Flask) -> None:
    response = uploads.test_client().post("/", data={"file": "notes.txt"})

    assert response.status_code == 400
    assert stored(uploads) == []


def test_uploads_names_outside_the_folder_are_refused(uploads: Flask, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("not for visitors")
    client = uploads.test_client()

    assert client.get("/uploads/missing.txt").status_code == 404
    with uploads.test_request_context(), pytest.raises(NotFound):
        uploads.view_functions["uploaded_file"]("../secret.txt")


def test_uploads_exercise_solution_lists_sizes(tmp_path: Path) -> None:
    """The lesson's solution, applied to a copy of the example, passes the lesson's check."""
    source = (EXAMPLES_DIR / "uploads_demo.py").read_text()
    source = source.replace(
        'redirect(url_for("uploaded_file", name=stored_name))', 'redirect(url_for("index"))'
    ).replace(
        "files = sorted(path.name for path in upload_folder.iterdir() if path.is_file())",
        "files = sorted(\n"
        "            (path.name, path.stat().st_size)\n"
        "            for path in upload_folder.iterdir()\n"
        "            if path.is_file()\n"
        "        )",
    )
    template = (EXAMPLES_DIR / "templates/uploads_demo/index.html").read_text()
    template = template.replace("{% for name in files %}", "{% for name, size in files %}")
    template = template.replace("{{ name }}</a>", "{{ name }} ({{ size }} bytes)</a>")
    (tmp_path / "templates/uploads_demo").mkdir(parents=True)
    (tmp_path / "templates/uploads_demo/index.html").write_text(template)
    (tmp_path / "uploads_solution.py").write_text(source)
    spec = importlib.util.spec_from_file_location(
        "uploads_solution", tmp_path / "uploads_solution.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["uploads_solution"] = module
    try:
        spec.loader.exec_module(module)
        client = module.create_app({"UPLOAD_FOLDER": str(tmp_path / "up")}).test_client()

        response = upload(client, b"hello", "notes.txt")

        assert response.status_code in (302, 303)
        assert response.headers["Location"].endswith("/")
        assert "notes.txt (5 bytes)" in client.get("/").text
    finally:
        del sys.modules["uploads_solution"]
