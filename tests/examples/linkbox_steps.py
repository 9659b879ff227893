"""Helpers shared by the tests of chapter 6's Linkbox snapshots (lessons/06-production/examples/).

Each snapshot is a folder holding a ``linkbox`` package, the state of the app after one lesson.
Its tables come from its Flask-Migrate migrations, never from ``db.create_all()``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
CHAPTER = "06-production/examples"
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
DOCS = {"url": "https://docs.python.org/3/", "title": "Python docs", "notes": "Read daily."}


def package(step: str) -> str:
    """The snapshot's package, relative to lessons/, as ``load_example`` wants it."""
    return f"{CHAPTER}/{step}/linkbox"


def config_for(tmp_path: Path, number: int, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'linkbox{number}.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }


@contextmanager
def app_maker(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps of one snapshot with test settings, each with a migrated database file."""
    from flask_migrate import upgrade

    made: list[Flask] = []

    def make(*, migrate: bool = True, **overrides: Any) -> Flask:
        app = linkbox.create_app(config_for(tmp_path, len(made), **overrides))
        made.append(app)
        if migrate:
            with app.app_context():
                upgrade()
        return app

    try:
        yield make
    finally:
        for app in made:
            with app.app_context():
                linkbox.models.db.engine.dispose()


def signup(
    client: FlaskClient,
    username: str = "ada",
    password: str = "correct horse",
    email: str | None = None,
    **kwargs: Any,
) -> TestResponse:
    return client.post(
        "/auth/signup",
        data={
            "username": username,
            "email": email or f"{username}@example.com",
            "password": password,
            "confirm": password,
        },
        **kwargs,
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


def relative_imports_only(step: str) -> list[str]:
    """The modules of a snapshot that import ``linkbox`` by name (they must not)."""
    folder = LESSONS / package(step)
    return [
        module.name
        for module in folder.glob("*.py")
        if re.search(r"^\s*(from|import) linkbox\b", module.read_text(), re.MULTILINE)
    ]


def run_learner_tests(step: str) -> subprocess.CompletedProcess[str]:
    """Run the test files a snapshot ships for learners, as its lesson tells them to."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"lessons/{CHAPTER}/{step}",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=LESSONS.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
