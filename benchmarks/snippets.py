"""Realistic code examples (Python, HTML/Jinja, shell) of 8 to 30 lines for generated lessons.

Each template is a small, plausible piece of a Flask project about one resource (books, tasks,
orders...); optional parts chosen by the seeded generator vary the length.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """What an example is about: ``book`` with fields ``title``, ``author``..."""

    name: str
    fields: tuple[str, ...]

    @property
    def plural(self) -> str:
        return self.name + "s"

    @property
    def cls(self) -> str:
        return self.name.capitalize()


RESOURCES = [
    Resource("book", ("title", "author", "year")),
    Resource("task", ("text", "done", "due")),
    Resource("note", ("body", "pinned", "colour")),
    Resource("order", ("quantity", "total", "status")),
    Resource("recipe", ("name", "minutes", "serves")),
    Resource("student", ("name", "email", "cohort")),
    Resource("event", ("name", "starts_at", "venue")),
    Resource("photo", ("caption", "url", "album")),
    Resource("ticket", ("subject", "priority", "owner")),
    Resource("course", ("title", "credits", "teacher")),
]


@dataclass(frozen=True)
class Snippet:
    language: str  #: ``python``, ``html`` or ``bash``
    title: str | None  #: usually a file name
    code: str


def _py_routes(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        "from flask import Blueprint, abort, render_template, request",
        "",
        f"from .models import {r.cls}, db",
        "",
        f'bp = Blueprint("{r.plural}", __name__, url_prefix="/{r.plural}")',
        "",
        "",
        '@bp.get("/")',
        "def index():",
        '    page = request.args.get("page", 1, type=int)',
        f"    {r.plural} = db.paginate(db.select({r.cls}).order_by({r.cls}.id), page=page)",
        f'    return render_template("{r.plural}/index.html", {r.plural}={r.plural})',
        "",
        "",
        f'@bp.get("/<int:{r.name}_id>")',
        f"def detail({r.name}_id):",
        f"    {r.name} = db.session.get({r.cls}, {r.name}_id)",
        f"    if {r.name} is None:",
        f'        abort(404, f"{r.cls} {{{r.name}_id}} doesn\'t exist.")',
        f'    return render_template("{r.plural}/detail.html", {r.name}={r.name})',
    ]
    if rng.random() < 0.5:
        lines += [
            "",
            "",
            f'@bp.post("/<int:{r.name}_id>/delete")',
            f"def delete({r.name}_id):",
            f"    db.session.delete(db.get_or_404({r.cls}, {r.name}_id))",
            "    db.session.commit()",
            f'    return redirect(url_for("{r.plural}.index"))',
        ]
        lines[0] = "from flask import Blueprint, abort, redirect, render_template, request, url_for"
    return Snippet("python", f"{r.plural}/views.py", "\n".join(lines))


def _py_model(rng: random.Random, r: Resource) -> Snippet:
    first, second, third = r.fields
    lines = [
        "from datetime import datetime",
        "",
        "from flask_sqlalchemy import SQLAlchemy",
        "",
        "db = SQLAlchemy()",
        "",
        "",
        f"class {r.cls}(db.Model):",
        "    id = db.Column(db.Integer, primary_key=True)",
        f"    {first} = db.Column(db.String(200), nullable=False)",
        f"    {second} = db.Column(db.String(120))",
        f"    {third} = db.Column(db.String(80), index=True)",
        "    created = db.Column(db.DateTime, default=datetime.utcnow)",
    ]
    if rng.random() < 0.6:
        lines += [
            "",
            "    def __repr__(self):",
            f'        return f"<{r.cls} {{self.id}} {{self.{first}!r}}>"',
        ]
    if rng.random() < 0.5:
        lines += [
            "",
            "    def to_dict(self):",
            f'        return {{"id": self.id, "{first}": self.{first}, "{second}": self.{second}}}',
        ]
    return Snippet("python", "models.py", "\n".join(lines))


def _py_tests(rng: random.Random, r: Resource) -> Snippet:
    first = r.fields[0]
    lines = [
        "import pytest",
        "",
        "from app import create_app",
        "",
        "",
        "@pytest.fixture",
        "def client():",
        '    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})',
        "    return app.test_client()",
        "",
        "",
        f"def test_{r.plural}_page_lists_nothing_at_first(client):",
        f'    response = client.get("/{r.plural}/")',
        "    assert response.status_code == 200",
        f'    assert b"No {r.plural} yet" in response.data',
    ]
    if rng.random() < 0.7:
        lines += [
            "",
            "",
            f"def test_new_{r.name}_is_shown(client):",
            f'    client.post("/{r.plural}/new", data={{"{first}": "Example"}})',
            f'    response = client.get("/{r.plural}/")',
            '    assert b"Example" in response.data',
        ]
    if rng.random() < 0.5:
        lines += [
            "",
            "",
            f"def test_missing_{r.name}_is_404(client):",
            f'    assert client.get("/{r.plural}/999").status_code == 404',
        ]
    return Snippet("python", f"tests/test_{r.plural}.py", "\n".join(lines))


def _py_factory(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        "import os",
        "",
        "from flask import Flask",
        "",
        "",
        "def create_app(test_config=None):",
        "    app = Flask(__name__, instance_relative_config=True)",
        "    app.config.from_mapping(",
        '        SECRET_KEY="dev",',
        f'        SQLALCHEMY_DATABASE_URI="sqlite:///{r.plural}.sqlite",',
        "    )",
        "    if test_config is None:",
        '        app.config.from_pyfile("config.py", silent=True)',
        "    else:",
        "        app.config.from_mapping(test_config)",
        "    os.makedirs(app.instance_path, exist_ok=True)",
        "",
        f"    from . import {r.plural}",
        "",
        f"    app.register_blueprint({r.plural}.bp)",
    ]
    if rng.random() < 0.5:
        lines += [
            "",
            '    @app.get("/health")',
            "    def health():",
            '        return {"status": "ok"}',
        ]
    lines += ["", "    return app"]
    return Snippet("python", "app/__init__.py", "\n".join(lines))


def _py_api(rng: random.Random, r: Resource) -> Snippet:
    first = r.fields[0]
    lines = [
        "from flask import Blueprint, jsonify, request",
        "",
        f'api = Blueprint("api", __name__, url_prefix="/api/{r.plural}")',
        f"{r.plural} = {{}}",
        "",
        "",
        '@api.get("/")',
        f"def list_{r.plural}():",
        f"    return jsonify(list({r.plural}.values()))",
        "",
        "",
        '@api.post("/")',
        f"def create_{r.name}():",
        "    data = request.get_json(silent=True) or {}",
        f'    if not data.get("{first}"):',
        f'        return {{"error": "{first} is required"}}, 400',
        f'    {r.name} = {{"id": len({r.plural}) + 1, "{first}": data["{first}"]}}',
        f'    {r.plural}[{r.name}["id"]] = {r.name}',
        f"    return {r.name}, 201",
    ]
    if rng.random() < 0.4:
        lines += [
            "",
            "",
            "@api.errorhandler(404)",
            "def not_found(error):",
            '    return {"error": "not found"}, 404',
        ]
    return Snippet("python", "api.py", "\n".join(lines))


def _py_solution(rng: random.Random, r: Resource) -> Snippet:
    first = r.fields[0]
    lines = [
        '@bp.route("/new", methods=["GET", "POST"])',
        f"def new_{r.name}():",
        "    error = None",
        '    if request.method == "POST":',
        f'        {first} = request.form.get("{first}", "").strip()',
        f"        if not {first}:",
        f'            error = "Please give the {r.name} a {first}."',
        "        else:",
        f"            db.session.add({r.cls}({first}={first}))",
        "            db.session.commit()",
        f'            return redirect(url_for("{r.plural}.index"))',
        f'    return render_template("{r.plural}/new.html", error=error)',
    ]
    if rng.random() < 0.5:
        lines[2:2] = [f'    """Show the form for a new {r.name}; save it when it is sent."""']
    return Snippet("python", None, "\n".join(lines))


def _html_base(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        "  <title>{% block title %}" + r.cls + "s{% endblock %}</title>",
        "  <link rel=\"stylesheet\" href=\"{{ url_for('static', filename='style.css') }}\">",
        "</head>",
        "<body>",
        "  <nav>",
        f"    <a href=\"{{{{ url_for('{r.plural}.index') }}}}\">All {r.plural}</a>",
        "  </nav>",
        "  {% for message in get_flashed_messages() %}",
        '    <p class="flash">{{ message }}</p>',
        "  {% endfor %}",
        "  <main>{% block content %}{% endblock %}</main>",
        "</body>",
        "</html>",
    ]
    return Snippet("html", "templates/base.html", "\n".join(lines))


def _html_list(rng: random.Random, r: Resource) -> Snippet:
    first, second, _ = r.fields
    lines = [
        '{% extends "base.html" %}',
        "{% block content %}",
        f"  <h1>{r.cls}s</h1>",
        "  <ul>",
        f"  {{% for {r.name} in {r.plural} %}}",
        f"    <li><a href=\"{{{{ url_for('{r.plural}.detail', {r.name}_id={r.name}.id) }}}}\">"
        f"{{{{ {r.name}.{first} }}}}</a> ({{{{ {r.name}.{second} }}}})</li>",
        "  {% else %}",
        f"    <li>No {r.plural} yet.</li>",
        "  {% endfor %}",
        "  </ul>",
        "{% endblock %}",
    ]
    return Snippet("html", f"templates/{r.plural}/index.html", "\n".join(lines))


def _html_form(rng: random.Random, r: Resource) -> Snippet:
    lines = ['{% extends "base.html" %}', "{% block content %}", f"  <h1>New {r.name}</h1>"]
    lines += ['  <form method="post">', "    {{ form.hidden_tag() }}"]
    for field in r.fields[: rng.randint(2, 3)]:
        lines += [
            "    <p>",
            f"      {{{{ form.{field}.label }}}} {{{{ form.{field}(size=40) }}}}",
            f'      {{% for error in form.{field}.errors %}}<span class="error">{{{{ error }}}}'
            "</span>{% endfor %}",
            "    </p>",
        ]
    lines += ['    <button type="submit">Save</button>', "  </form>", "{% endblock %}"]
    return Snippet("html", f"templates/{r.plural}/new.html", "\n".join(lines))


def _bash_setup(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        f"mkdir {r.plural}-app && cd {r.plural}-app",
        "python3 -m venv .venv",
        ". .venv/bin/activate",
        "python -m pip install --upgrade pip",
        "pip install flask flask-sqlalchemy flask-wtf",
        "pip freeze > requirements.txt",
        "flask --app app init-db",
        "flask --app app run --debug",
    ]
    if rng.random() < 0.5:
        lines[5:5] = ["git init", "echo '.venv/' > .gitignore"]
    return Snippet("bash", None, "\n".join(lines))


def _bash_curl(rng: random.Random, r: Resource) -> Snippet:
    first = r.fields[0]
    lines = [
        f"# list the {r.plural}",
        f"curl -s http://127.0.0.1:5000/api/{r.plural}/",
        "",
        f"# create a {r.name}",
        f"curl -s -X POST http://127.0.0.1:5000/api/{r.plural}/ \\",
        "     -H 'Content-Type: application/json' \\",
        f'     -d \'{{"{first}": "Example"}}\'',
        "",
        "# a missing field is a 400",
        f"curl -i -X POST http://127.0.0.1:5000/api/{r.plural}/ -d '{{}}'",
    ]
    if rng.random() < 0.5:
        lines += ["", "# headers only", f"curl -I http://127.0.0.1:5000/api/{r.plural}/"]
    return Snippet("bash", None, "\n".join(lines))


def _bash_deploy(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        "pip install gunicorn",
        "export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex())')",
        f"export FLASK_SQLALCHEMY_DATABASE_URI=sqlite:////srv/{r.plural}/app.sqlite",
        "flask --app app db upgrade",
        "gunicorn --workers 3 --bind 127.0.0.1:8000 'app:create_app()' \\",
        f"    --access-logfile /var/log/{r.plural}/access.log \\",
        "    --daemon",
        "curl -I http://127.0.0.1:8000/health",
    ]
    return Snippet("bash", None, "\n".join(lines))


def _bash_tests(rng: random.Random, r: Resource) -> Snippet:
    lines = [
        "pip install pytest coverage",
        "python -m pytest -q",
        f"python -m pytest tests/test_{r.plural}.py -k new -x",
        "coverage run -m pytest",
        "coverage report -m",
        "coverage html && python -m http.server -d htmlcov 8001",
        "ruff check .",
        "ruff format --check .",
    ]
    return Snippet("bash", None, "\n".join(lines[: rng.randint(8, len(lines))]))


TEMPLATES: list[Callable[[random.Random, Resource], Snippet]] = [
    _py_routes,
    _py_model,
    _py_tests,
    _py_factory,
    _py_api,
    _html_base,
    _html_list,
    _html_form,
    _bash_setup,
    _bash_curl,
    _bash_deploy,
    _bash_tests,
]


def snippets(rng: random.Random, count: int) -> list[Snippet]:
    """``count`` different examples about one resource."""
    resource = rng.choice(RESOURCES)
    return [template(rng, resource) for template in rng.sample(TEMPLATES, count)]


def solution(rng: random.Random) -> Snippet:
    """The code of an exercise's solution."""
    return _py_solution(rng, rng.choice(RESOURCES))


def fence(snippet: Snippet, indent: str = "") -> str:
    """The snippet as a fenced code block, with its title when it has one."""
    info = snippet.language + (f' title="{snippet.title}"' if snippet.title else "")
    lines = [f"```{info}", *snippet.code.split("\n"), "```"]
    return "\n".join(indent + line if line else "" for line in lines)
