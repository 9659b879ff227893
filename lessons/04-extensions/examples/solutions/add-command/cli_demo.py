"""Custom ``flask`` commands: a guest list stored in a JSON file.

Try it from the repository root::

    flask --app lessons/04-extensions/examples/cli_demo.py seed --count 2
    flask --app lessons/04-extensions/examples/cli_demo.py greet Ada --shout
    flask --app lessons/04-extensions/examples/cli_demo.py guests clear
    flask --app lessons/04-extensions/examples/cli_demo.py run --debug
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import Blueprint, Flask, current_app
from flask.cli import with_appcontext

SAMPLE_GUESTS = ["Ada", "Grace", "Linus", "Guido", "Margaret"]


# --8<-- [start:storage]
def guests_file() -> Path:
    """Where the guest list lives: ``GUESTS_FILE``, or a file in the instance folder."""
    configured = current_app.config["GUESTS_FILE"]
    return Path(configured or Path(current_app.instance_path) / "guests.json")


def load_guests() -> list[str]:
    path = guests_file()
    return json.loads(path.read_text()) if path.exists() else []


def save_guests(names: list[str]) -> None:
    path = guests_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(names))


# --8<-- [end:storage]


# --8<-- [start:blueprint]
guests_bp = Blueprint("guests", __name__)
guests_bp.cli.help = "Manage the guest list."  # shown by `flask --help`


@guests_bp.cli.command("clear")
def clear_command() -> None:
    """Remove every guest."""
    save_guests([])
    click.echo("Guest list cleared.")


# --8<-- [end:blueprint]


# --8<-- [start:plain]
@click.command("count")
@with_appcontext
def count_command() -> None:
    """Print how many guests there are."""
    click.echo(f"{current_app.name} has {len(load_guests())} guest(s).")


# --8<-- [end:plain]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(GUESTS_FILE=None)
    if test_config is not None:
        app.config.from_mapping(test_config)

    @app.get("/")
    def index() -> dict[str, list[str]]:
        return {"guests": load_guests()}

    # --8<-- [start:commands]
    @app.cli.command("seed")
    @click.option(
        "--count",
        default=3,
        show_default=True,
        type=click.IntRange(1, len(SAMPLE_GUESTS)),
        help="How many sample guests to add.",
    )
    def seed_command(count: int) -> None:
        """Fill the guest list with sample names."""
        save_guests(SAMPLE_GUESTS[:count])
        click.echo(f"Added {count} guest(s).")

    @app.cli.command("greet")
    @click.argument("name")
    @click.option("--shout", is_flag=True, help="Greet in capital letters.")
    def greet_command(name: str, shout: bool) -> None:
        """Say hello to NAME."""
        message = f"Hello, {name}!"
        click.echo(message.upper() if shout else message)

    # --8<-- [end:commands]

    # --8<-- [start:add]
    @app.cli.command("add")
    @click.argument("name")
    def add_command(name: str) -> None:
        """Add NAME to the guest list."""
        guests = load_guests()
        if name in guests:
            click.echo(f"{name} is already a guest.")
            return
        save_guests([*guests, name])
        click.echo(f"Added {name}.")

    # --8<-- [end:add]

    # --8<-- [start:shell]
    @app.shell_context_processor
    def shell_context() -> dict[str, Any]:
        """Names that `flask shell` imports for you."""
        return {"load_guests": load_guests, "save_guests": save_guests}

    # --8<-- [end:shell]

    app.register_blueprint(guests_bp)
    app.cli.add_command(count_command)
    return app


app = create_app()
