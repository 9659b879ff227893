"""Chapter 6, lesson 4: Linkbox deployed (06-production/examples/04-deployment)."""

from __future__ import annotations

import ast
import configparser
import json
import logging
import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from flask import Flask
from sqlalchemy.engine import make_url

from .linkbox_steps import (
    CHAPTER,
    LESSONS,
    app_maker,
    package,
    relative_imports_only,
    run_learner_tests,
    signup,
)

STEP = "04-deployment"
FOLDER = LESSONS / CHAPTER / STEP
SPEC = "linkbox:create_app()"


@pytest.fixture
def linkbox(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example(package(STEP))


@pytest.fixture
def make_app(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    with app_maker(linkbox, tmp_path) as make:
        yield make


@pytest.fixture
def server_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A server's environment, with SQLite standing in for PostgreSQL (no driver here)."""
    for name in ("FLASK_DEBUG", "FLASK_SQLALCHEMY_DATABASE_URI", "FLASK_SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "server.sqlite"
    monkeypatch.setenv("FLASK_SECRET_KEY", "0123456789abcdef" * 4)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", "links.example.com")
    return database


@pytest.fixture
def server_app(linkbox: ModuleType, server_env: Path) -> Iterator[Flask]:
    """Linkbox as Gunicorn would create it on the server, database migrated."""
    app = linkbox.create_app()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        linkbox.models.db.engine.dispose()


def load_app(linkbox: ModuleType, spec: str) -> Any:
    """Gunicorn's rules for ``module:name`` and ``module:factory(literal args)``.

    The module part must be ``linkbox``, which the test imported under its own name.
    """
    module_name, _, expression = spec.partition(":")
    assert module_name == "linkbox"
    node = ast.parse(expression, mode="eval").body
    if isinstance(node, ast.Name):
        return getattr(linkbox, node.id)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name), spec
    args = [ast.literal_eval(arg) for arg in node.args]
    kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords}
    return getattr(linkbox, node.func.id)(*args, **kwargs)


def systemd_unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(FOLDER / "deploy" / "linkbox.service", encoding="utf-8")
    return unit


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (FOLDER / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n\s*", " ", text)
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def env_file() -> dict[str, str]:
    values = {}
    for line in (FOLDER / "deploy" / "linkbox.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep == "=" and key == key.strip() and key.isupper(), line
            assert not value.startswith(("'", '"')), f"{key}: systemd would strip the quotes"
            values[key] = value
    return values


# The package


def test_the_package_uses_relative_imports_only() -> None:
    assert relative_imports_only(STEP) == []


def test_the_snapshot_still_works(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    assert app.test_cli_runner().invoke(args=["db", "check"]).exit_code == 0
    client = app.test_client()
    assert signup(client).status_code in (302, 303)
    assert "Logged in as ada" in client.get("/").text


# Configuration layers


def test_defaults_then_instance_config_then_environment(
    linkbox: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    (tmp_path / "config.py").write_text('SECRET_KEY = "from-the-instance"\nMAIL_PORT = 2525\n')
    monkeypatch.setenv("FLASK_MAIL_PORT", "465")
    app = Flask("probe", instance_path=str(tmp_path), instance_relative_config=True)
    linkbox.config.configure(app)
    assert app.config["SECRET_KEY"] == "from-the-instance"
    assert app.config["MAIL_PORT"] == 465  # the environment wins, parsed as JSON
    assert app.config["RATE_LIMIT_ATTEMPTS"] == 5  # a default


def test_flask_sqlalchemy_database_uri_beats_database_url(
    linkbox: ModuleType, server_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'other.sqlite'}")
    app = linkbox.create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.sqlite")


def test_tests_ignore_the_environment(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgres://nobody@nowhere/none")
    app = make_app()
    assert app.config["SECRET_KEY"] == "test"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/links", "postgresql+psycopg://u:p@db:5432/links"),
        ("postgresql://u:p%40ss@db/links", "postgresql+psycopg://u:p%40ss@db/links"),
        ("postgresql+psycopg://u@db/links", "postgresql+psycopg://u@db/links"),
        ("postgresql+psycopg2://u@db/links", "postgresql+psycopg2://u@db/links"),
        ("sqlite:////srv/data/linkbox.sqlite", "sqlite:////srv/data/linkbox.sqlite"),
        ("", None),
        (None, None),
    ],
)
def test_database_url_is_made_explicit(
    linkbox: ModuleType, given: str | None, expected: str | None
) -> None:
    assert linkbox.config.database_url(given) == expected


def test_platform_urls_end_up_with_the_psycopg_3_dialect(linkbox: ModuleType) -> None:
    url = make_url(linkbox.config.database_url("postgres://u:secret@db.internal:5432/links"))
    assert (url.get_backend_name(), url.get_driver_name()) == ("postgresql", "psycopg")
    assert (url.host, url.port, url.database, url.password) == (
        "db.internal",
        5432,
        "links",
        "secret",
    )
    assert url.get_dialect().driver == "psycopg"


# Failing loudly


@pytest.mark.parametrize("key", [None, "", "dev"])
def test_production_refuses_to_start_without_a_real_secret_key(
    linkbox: ModuleType, server_env: Path, monkeypatch: pytest.MonkeyPatch, key: str | None
) -> None:
    if key is None:
        monkeypatch.delenv("FLASK_SECRET_KEY")
    else:
        monkeypatch.setenv("FLASK_SECRET_KEY", key)
    with pytest.raises(linkbox.config.ConfigurationError) as raised:
        linkbox.create_app()
    message = str(raised.value)
    assert "SECRET_KEY is not set" in message
    assert "FLASK_SECRET_KEY" in message
    assert "secrets.token_hex()" in message


def test_the_error_is_a_runtime_error(linkbox: ModuleType) -> None:
    assert issubclass(linkbox.config.ConfigurationError, RuntimeError)


def test_debug_mode_starts_with_the_development_key(
    linkbox: ModuleType, server_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLASK_SECRET_KEY")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = linkbox.create_app()
    assert app.debug
    assert app.config["SECRET_KEY"] == "dev"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


def test_production_cookies_are_secure_unless_switched_off(
    linkbox: ModuleType, server_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = linkbox.create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "false")
    assert linkbox.create_app().config["SESSION_COOKIE_SECURE"] is False


def test_tests_get_cookies_that_work_over_http(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("value", "hosts"),
    [
        ("links.example.com", ["links.example.com"]),
        ("links.example.com, .links.example.com", ["links.example.com", ".links.example.com"]),
        ('["links.example.com"]', ["links.example.com"]),  # JSON works too
    ],
)
def test_trusted_hosts_from_the_environment(
    linkbox: ModuleType,
    server_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    hosts: list[str],
) -> None:
    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", value)
    assert linkbox.create_app().config["TRUSTED_HOSTS"] == hosts


def test_production_without_trusted_hosts_logs_a_warning(
    linkbox: ModuleType,
    server_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        linkbox.create_app()
    assert caplog.text == ""
    monkeypatch.delenv("FLASK_TRUSTED_HOSTS")
    with caplog.at_level(logging.WARNING):
        linkbox.create_app()
    assert "TRUSTED_HOSTS is not set" in caplog.text


def test_the_engine_checks_connections_before_use(server_app: Flask) -> None:
    assert server_app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


# The app as the server runs it


def test_the_server_app_serves_its_host_only(server_app: Flask) -> None:
    client = server_app.test_client()
    assert client.get("/auth/login").status_code == 400  # localhost is not trusted
    page = client.get("/auth/login", base_url="https://links.example.com")
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in page.headers["Set-Cookie"]


def test_behind_nginx_proxyfix_restores_the_client_view(
    linkbox: ModuleType, server_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_TRUSTED_PROXIES", "1")
    app = linkbox.create_app()
    seen = {}

    @app.get("/whoami")
    def whoami() -> str:
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure, host=request.host)
        return "ok"

    response = app.test_client().get(
        "/whoami",
        headers={
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "links.example.com",
        },
    )
    assert response.status_code == 200
    assert seen == {"addr": "203.0.113.7", "secure": True, "host": "links.example.com"}
    assert "Strict-Transport-Security" in response.headers


# The systemd unit


def test_the_unit_file_parses_and_has_the_usual_sections() -> None:
    unit = systemd_unit()
    assert unit.sections() == ["Unit", "Service", "Install"]
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["User"] == service["Group"] == "linkbox"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/linkbox/linkbox.env"
    assert service["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    for key in ("NoNewPrivileges", "PrivateTmp", "ProtectHome"):
        assert service[key] == "true"


def test_the_unit_file_starts_gunicorn_with_the_app_factory(
    linkbox: ModuleType, server_env: Path
) -> None:
    command = shlex.split(systemd_unit()["Service"]["ExecStart"])
    assert command[0] == "/srv/linkbox/venv/bin/gunicorn"
    assert command[command.index("--workers") + 1] == "2"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8000"  # only nginx reaches it
    assert command[-1] == SPEC
    app = load_app(linkbox, command[-1])
    assert isinstance(app, Flask)
    assert app.import_name == linkbox.__name__
    with app.app_context():
        linkbox.models.db.engine.dispose()


def test_the_unit_file_migrates_before_starting(linkbox: ModuleType, server_env: Path) -> None:
    command = shlex.split(systemd_unit()["Service"]["ExecStartPre"])
    assert command[0] == "/srv/linkbox/venv/bin/flask"
    assert command[1:] == ["--app", "linkbox", "db", "upgrade"]
    app = load_app(linkbox, SPEC)
    result = app.test_cli_runner().invoke(args=command[3:])
    assert result.exit_code == 0, result.output
    db = linkbox.models.db
    with app.app_context():
        assert {"user", "bookmark", "alembic_version"} <= set(
            db.inspect(db.engine).get_table_names()
        )
        db.engine.dispose()


def test_the_environment_file_example_configures_the_app(
    linkbox: ModuleType, server_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = env_file()
    assert values["FLASK_SECRET_KEY"] == ""  # to fill in; never a real key in git
    assert linkbox.config.database_url(values["DATABASE_URL"]).startswith("postgresql+psycopg://")
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(linkbox.config.ConfigurationError):
        linkbox.create_app()  # as shipped, with an empty key: refused
    monkeypatch.setenv("FLASK_SECRET_KEY", "0123456789abcdef" * 4)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{server_env}")  # no PostgreSQL here
    app = linkbox.create_app()
    assert app.config["TRUSTED_HOSTS"] == ["links.example.com"]
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["MAIL_SERVER"] == "smtp.example.com"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.app_context():
        linkbox.models.db.engine.dispose()


# The container


def test_the_dockerfile_builds_a_small_non_root_image() -> None:
    instructions = dockerfile()
    keywords = [keyword for keyword, _ in instructions]
    assert keywords[0] == "FROM"
    assert re.fullmatch(r"python:3\.1[1-9]-slim", instructions[0][1])
    copies = [rest for keyword, rest in instructions if keyword == "COPY"]
    assert copies == ["requirements.txt .", "linkbox/ linkbox/"]  # dependencies first
    assert ("RUN", "pip install -r requirements.txt") in instructions
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users == ["linkbox"]
    assert keywords.index("USER") < keywords.index("CMD")
    assert keywords[-1] == "CMD"


def test_the_dockerfile_cmd_names_an_importable_app_factory(
    linkbox: ModuleType, server_env: Path
) -> None:
    instructions = dict(dockerfile())
    command = json.loads(instructions["CMD"])  # exec form: a JSON list, no shell
    assert command[0] == "gunicorn"
    bind = command[command.index("--bind") + 1]
    assert bind == f"0.0.0.0:{instructions['EXPOSE']}"
    assert command[-1] == SPEC
    app = load_app(linkbox, command[-1])
    assert isinstance(app, Flask)
    with app.app_context():
        linkbox.models.db.engine.dispose()


def test_the_image_gets_only_what_it_needs() -> None:
    lines = (FOLDER / ".dockerignore").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")][:3] == [
        "*",
        "!requirements.txt",
        "!linkbox/",
    ]


def test_requirements_are_pinned_and_cover_the_imports() -> None:
    pins = {}
    for line in (FOLDER / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and re.fullmatch(r"\d+(\.\d+)+", version), line
            pins[re.sub(r"\[.*\]", "", name).lower()] = version
    imported = set()
    for module in (FOLDER / "linkbox").glob("*.py"):
        imported |= set(re.findall(r"^(?:from|import) (flask_\w+)", module.read_text(), re.M))
    names = {
        "flask_sqlalchemy": "flask-sqlalchemy",
        "flask_migrate": "flask-migrate",
        "flask_login": "flask-login",
        "flask_wtf": "flask-wtf",
        "flask_bootstrap": "bootstrap-flask",
    }
    assert imported == set(names)
    assert {"flask", "gunicorn", "psycopg", *names.values()} == set(pins)


def test_compose_runs_the_migrations_once_then_the_app() -> None:
    compose = yaml.safe_load((FOLDER / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web"}
    migrate, web = services["migrate"], services["web"]
    assert migrate["build"] == web["build"] == "."
    assert migrate["command"] == ["flask", "--app", "linkbox", "db", "upgrade"]
    assert "command" not in web  # the Dockerfile's CMD: Gunicorn
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["environment"] == migrate["environment"]  # one YAML anchor, shared
    assert web["ports"] == ["127.0.0.1:8000:8000"]


def test_compose_gives_the_app_a_database_url_and_requires_a_key(linkbox: ModuleType) -> None:
    compose = yaml.safe_load((FOLDER / "compose.yaml").read_text())
    db = compose["services"]["db"]["environment"]
    env = compose["services"]["web"]["environment"]
    url = make_url(linkbox.config.database_url(env["DATABASE_URL"]))
    assert (url.get_driver_name(), url.host, url.username, url.password, url.database) == (
        "psycopg",
        "db",
        db["POSTGRES_USER"],
        db["POSTGRES_PASSWORD"],
        db["POSTGRES_DB"],
    )
    assert re.fullmatch(r"\$\{FLASK_SECRET_KEY:\?[^}]+\}", env["FLASK_SECRET_KEY"])
    assert json.loads(env["FLASK_SESSION_COOKIE_SECURE"]) is False  # plain HTTP on your computer


# The lesson's own test files


def test_the_learners_test_files_pass() -> None:
    result = run_learner_tests(STEP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
