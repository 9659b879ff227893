"""The playground's Python side, run here in CPython: loading examples, requests, checks.

In the browser the same module runs in Pyodide (see tests/browser/test_playground.py).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from courseware.course.rendering.runnable import entry_module, unit_files

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
ROUTING = "03-flask-essentials/examples/routing.py"
ARCHIVE = """

@app.route("/archive/<int:year>")
def archive(year: int) -> str:
    if year < 2000:
        abort(404)
    return f"Posts from {year}"
"""


@pytest.fixture
def runner() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location(
        "playground_runner", ROOT / "static/js/playground_runner.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    before = set(sys.modules)
    yield module
    module._forget_examples()
    for name in set(sys.modules) - before:
        if name.startswith(("routing", "bookshelf", "todo_mvc")):
            del sys.modules[name]


def load(runner: ModuleType, unit: str, change: str = "") -> dict:
    files = unit_files(LESSONS, unit)
    name = entry_module(unit)
    if change:
        files[f"{name}.py"] += change
    return runner.load(unit, name, files)


def test_an_example_answers_requests_through_its_test_client(runner: ModuleType) -> None:
    assert load(runner, ROUTING)["kind"] == "flask"
    response = runner.request("GET", "")
    assert response["status"] == 200 and response["path"] == "/" and "Home page" in response["body"]
    assert runner.request("GET", "/posts/1")["body"] == "Post 1: Hello, Flask"


def test_a_package_example_with_templates_runs(runner: ModuleType) -> None:
    assert load(runner, "02-mvc/examples/bookshelf")["ok"]
    page = runner.request("GET", "/")
    assert page["status"] == 200 and "text/html" in page["contentType"]
    added = runner.request("POST", "/books", form=[["title", "Dune"], ["author", "Herbert"]])
    assert added["status"] in (200, 302, 303)


def test_errors_show_a_traceback_pointing_at_the_learners_line(runner: ModuleType) -> None:
    result = load(runner, ROUTING, "\n\nraise ValueError('broken on purpose')\n")
    assert not result["ok"]
    assert 'File "routing.py", line' in result["traceback"]
    assert "ValueError: broken on purpose" in result["traceback"]


def test_a_script_example_runs_and_shows_its_output(runner: ModuleType) -> None:
    unit = "02-mvc/examples/todo_mvc.py"
    assert load(runner, unit)["kind"] == "script"
    result = runner.run_script(unit, "todo_mvc", unit_files(LESSONS, unit))
    assert result["ok"] and "buy milk" in result["stdout"]


def test_checks_fail_then_pass_after_the_fix(runner: ModuleType) -> None:
    lesson = (LESSONS / "03-flask-essentials/04-routing.md").read_text()
    code = lesson.split("```check examples/routing.py", 1)[1].split("\n", 1)[1].split("```", 1)[0]
    code = "\n".join(line.removeprefix("    ") for line in code.splitlines())
    load(runner, ROUTING)
    before = runner.check(code)["results"]
    assert (
        before
        and not before[0]["passed"]
        and before[0]["message"] == "GET /archive/2024 should answer 200 OK"
    )
    load(runner, ROUTING, ARCHIVE)
    after = runner.check(code)["results"]
    assert len(after) == 4 and all(result["passed"] for result in after)


def test_password_hashing_works_without_openssl(
    runner: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    expected = hashlib.pbkdf2_hmac("sha256", b"secret", b"salt", 50)
    assert runner._pbkdf2_hmac("sha256", b"secret", b"salt", 50) == expected


def test_flask_s_own_commands_run_beside_the_apps(runner: ModuleType) -> None:
    load(runner, ROUTING)
    result = runner.command("routes")
    assert result["ok"] and "show_post" in result["stdout"]


def test_a_check_on_a_plain_wsgi_app_gets_a_client(runner: ModuleType) -> None:
    unit = "01-web-frameworks/examples/raw_wsgi_hello.py"
    assert load(runner, unit)["kind"] == "wsgi"
    results = runner.check('assert client.get("/").status_code == 200, "it answers"')["results"]
    assert results == [{"passed": True, "message": "it answers"}]
