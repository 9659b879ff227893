"""The core-pieces app whose greet command has a --shout flag.

Run it from the repository root with::

    flask --app lessons/01-web-frameworks/examples/flask_core_pieces.py run --debug

then open http://127.0.0.1:5000/?name=Ada and reload the page a few times. The app also
adds a command to the ``flask`` command line::

    flask --app lessons/01-web-frameworks/examples/flask_core_pieces.py greet Ada
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, render_template_string, request, session
from flask.signals import template_rendered

app = Flask(__name__)
# itsdangerous signs the session cookie with this key. Use a long random value in production.
app.config["SECRET_KEY"] = "dev-only-change-me"

PAGE = """\
<h1>Hello, {{ name }}!</h1>
<p>You have loaded this page {{ visits }} time{{ "" if visits == 1 else "s" }}.</p>
"""


@app.get("/")
def index() -> str:
    # Werkzeug parsed the query string into request.args for us.
    name = request.args.get("name", "World")
    # The session lives in a cookie that itsdangerous signs, so visitors cannot forge it.
    session["visits"] = session.get("visits", 0) + 1
    # Jinja fills in the template; MarkupSafe escapes `name` so HTML in it is harmless.
    return render_template_string(PAGE, name=name, visits=session["visits"])


# --8<-- [start:greet]
@app.cli.command("greet")
@click.argument("name")
@click.option("--shout", is_flag=True, help="Greet in capital letters.")
def greet(name: str, shout: bool) -> None:
    """Say hello on the command line (Click builds the command)."""
    message = f"Hello, {name}!"
    click.echo(message.upper() if shout else message)


# --8<-- [end:greet]


#: Names greeted so far, recorded by the Blinker signal receiver below.
greeted: list[str] = []


@template_rendered.connect_via(app)
def remember_greeting(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
    """Blinker calls this each time this app renders a template."""
    greeted.append(context["name"])
