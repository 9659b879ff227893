"""The notes app with a second command, count-notes."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, redirect, request, url_for


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create a fresh notes app; ``test_config`` overrides the default settings."""
    app = Flask(__name__)
    app.config.from_mapping(GREETING="Hello")
    if test_config is not None:
        app.config.update(test_config)

    # Each app made by the factory gets its own empty list, so tests never share notes.
    notes: list[str] = []

    @app.get("/")
    def index() -> str:
        return f"{app.config['GREETING']}! You have {len(notes)} note(s)."

    @app.post("/notes")
    def add_note():
        text = request.form.get("text", "").strip()
        if not text:
            return "A note needs some text.", 400
        notes.append(text)
        return redirect(url_for("index"))

    @app.get("/api/notes")
    def list_notes() -> dict[str, Any]:
        return {"count": len(notes), "notes": notes}

    @app.get("/old-home")
    def old_home():
        return redirect(url_for("index"), code=301)

    @app.cli.command("add-note")
    @click.argument("text")
    def add_note_command(text: str) -> None:
        """Add a note from the command line."""
        notes.append(text)
        click.echo(f"Added note {len(notes)}: {text}")

    # --8<-- [start:command]
    @app.cli.command("count-notes")
    def count_notes_command() -> None:
        """Print how many notes there are."""
        click.echo(f"There are {len(notes)} note(s).")

    # --8<-- [end:command]

    return app


app = create_app()
