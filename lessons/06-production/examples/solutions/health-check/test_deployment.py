"""Linkbox's production set-up. Run with: pytest lessons/06-production/examples/04-deployment"""

from __future__ import annotations

import ast
import configparser
import importlib
import json
import shlex
from pathlib import Path

import pytest
from flask import Flask
from linkbox import create_app
from linkbox.config import ConfigurationError, database_url

HERE = Path(__file__).parent


@pytest.fixture
def production_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of a server: a secret key, a database URL, no debug mode."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("FLASK_SECRET_KEY", "a-long-random-value-from-the-server")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite'}")
    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", "links.example.com")


# --8<-- [start:config]
def test_a_production_app_is_configured_by_the_environment(production_env: None) -> None:
    app = create_app()
    assert not app.debug
    assert app.config["SECRET_KEY"] == "a-long-random-value-from-the-server"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("production.sqlite")
    assert app.config["TRUSTED_HOSTS"] == ["links.example.com"]
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_without_a_secret_key_the_app_refuses_to_start(
    production_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLASK_SECRET_KEY")
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app()


def test_debug_mode_gets_a_development_key(
    production_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLASK_SECRET_KEY")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app()
    assert app.config["SECRET_KEY"] == "dev"
    assert app.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/links", "postgresql+psycopg://u:p@db:5432/links"),
        ("postgresql://u:p@db/links", "postgresql+psycopg://u:p@db/links"),
        (
            "sqlite:////srv/linkbox/data/linkbox.sqlite",
            "sqlite:////srv/linkbox/data/linkbox.sqlite",
        ),
        (None, None),
    ],
)
def test_database_url_names_the_driver(given: str | None, expected: str | None) -> None:
    assert database_url(given) == expected


# --8<-- [end:config]


# --8<-- [start:entry-point]
def load_app(spec: str) -> Flask:
    """Load a WSGI app from ``module:name`` or ``module:factory(...)``, as Gunicorn does."""
    module_name, _, expression = spec.partition(":")
    module = importlib.import_module(module_name)
    call = ast.parse(expression, mode="eval").body
    if isinstance(call, ast.Name):
        return getattr(module, call.id)
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name), spec
    args = [ast.literal_eval(arg) for arg in call.args]
    return getattr(module, call.func.id)(*args)


def test_the_systemd_unit_runs_gunicorn_with_the_factory(production_env: None) -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read(HERE / "deploy" / "linkbox.service")
    command = shlex.split(unit["Service"]["ExecStart"])
    assert command[0].endswith("/gunicorn")
    assert isinstance(load_app(command[-1]), Flask)
    assert unit["Service"]["ExecStartPre"].endswith("flask --app linkbox db upgrade")


def test_the_dockerfile_runs_gunicorn_with_the_factory(production_env: None) -> None:
    lines = (HERE / "Dockerfile").read_text().splitlines()
    [cmd] = [line.removeprefix("CMD ") for line in lines if line.startswith("CMD ")]
    command = json.loads(cmd)  # the exec form is a JSON list
    assert command[0] == "gunicorn"
    assert isinstance(load_app(command[-1]), Flask)


# --8<-- [end:entry-point]


# --8<-- [start:health]
def test_healthy(app: Flask) -> None:
    assert app.test_client().get("/healthz").json == {"status": "ok"}


def test_unhealthy_without_a_database() -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:////no/such/folder/linkbox.sqlite",
        }
    )
    assert app.test_client().get("/healthz").status_code == 503


# --8<-- [end:health]
