"""The playground's Python side, run here in CPython: loading examples, requests, checks.

In the browser the same module runs in Pyodide (see tests/browser/test_playground.py).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path
from types import ModuleType

import pytest

from courseware.build import playground
from courseware.course.rendering.runnable import entry_module, example_unit, unit_files

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
    fence = lesson.split("```check examples/routing.py", 1)[1]
    code = fence.split("\n", 1)[1].split("```", 1)[0]
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


def _imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _course_examples() -> set[str]:
    units = set()
    for file in sorted(LESSONS.rglob("examples/**/*.py")):
        unit = example_unit(LESSONS, file.relative_to(LESSONS).as_posix())
        if unit is not None:
            units.add(unit)
    return units


def _playground_modules() -> set[str]:
    """What the playground's wheels let an example import, found from the installed dists."""
    wanted = {name.replace("-", "_") for name in playground.CORE + playground.EXTENSIONS}
    return {
        module
        for module, dists in packages_distributions().items()
        if any(dist.lower().replace("-", "_") in wanted for dist in dists)
    }


def test_every_example_imports_only_what_the_playground_has() -> None:
    provided = set(sys.stdlib_module_names) | _playground_modules()
    missing = {}
    for unit in sorted(_course_examples()):
        files = unit_files(LESSONS, unit)
        own = {name.split("/")[0].removesuffix(".py") for name in files}
        for name, text in files.items():
            if name.endswith(".py"):
                lacking = _imports(text) - provided - own
                if lacking:
                    missing[f"{unit}: {name}"] = sorted(lacking)
    assert missing == {}


def test_migrations_and_sqlite_are_in_the_playground() -> None:
    modules = _playground_modules()
    assert {"flask_migrate", "alembic", "mako", "sqlalchemy"} <= modules
    assert "sqlite3" in sys.stdlib_module_names  # built into Pyodide's Python since 0.28


def test_the_manifest_lists_the_modules_that_load_the_extensions() -> None:
    manifest_file = playground.OUTPUT / "manifest.json"
    if not manifest_file.is_file():
        pytest.skip("no runtime in static/playground/; run 'python build.py playground'")
    manifest = json.loads(manifest_file.read_text())
    assert {"flask_migrate", "alembic", "mako", "flask_sqlalchemy", "wtforms"} <= set(
        manifest["extension_modules"]
    )
    assert "flask" not in manifest["extension_modules"]


def test_the_migrations_example_upgrades_its_database_in_the_runner(
    runner: ModuleType,
) -> None:
    unit = "06-production/examples/01-migrations/linkbox"
    # env.py reads alembic.ini to set up logging when nothing else has (as in the browser)
    assert "linkbox/migrations/alembic.ini" in unit_files(LESSONS, unit)
    assert load(runner, unit)["kind"] == "flask"
    assert runner.state["module"].__file__.startswith(runner.BASE)  # not the lessons' copy
    result = runner.command("db upgrade")
    assert result["ok"] and result["exitCode"] == 0, result
    from sqlalchemy import inspect

    with runner.state["app"].app_context():
        tables = inspect(runner.state["module"].models.db.engine).get_table_names()
    assert {"user", "bookmark", "alembic_version"} <= set(tables)


def test_the_editor_packages_are_pinned_to_exact_versions() -> None:
    folder = ROOT / "courseware/build/editor"
    package = json.loads((folder / "package.json").read_text())
    wanted = {**package["dependencies"], **package["devDependencies"]}
    assert "esbuild" in wanted and "@codemirror/view" in wanted
    assert all(version[0].isdigit() for version in wanted.values()), wanted
    lock = json.loads((folder / "package-lock.json").read_text())
    locked = lock["packages"]
    for name, version in wanted.items():
        assert locked[f"node_modules/{name}"]["version"] == version
    # every package, direct or not, is pinned by version and by the digest of its bytes
    assert all(
        entry["version"] and entry["integrity"].startswith("sha512-")
        for path, entry in locked.items()
        if path
    )


def test_the_editor_bundle_is_fingerprinted_and_in_the_manifest() -> None:
    manifest_file = playground.OUTPUT / "manifest.json"
    if not manifest_file.is_file():
        pytest.skip("no runtime in static/playground/; run 'python build.py playground'")
    manifest = json.loads(manifest_file.read_text())
    bundle = playground.OUTPUT / manifest["editor"]
    data = bundle.read_bytes()
    assert bundle.name == f"editor-{hashlib.sha256(data).hexdigest()[:12]}.mjs"
    assert manifest["bytes"][manifest["editor"]] == len(data)
    assert b"export{" in data.replace(b" ", b"") and b"createEditor" in data
