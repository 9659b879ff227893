"""Linkbox's migrations. Run with: pytest lessons/06-production/examples/01-migrations"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from linkbox.models import User, db


def columns(table: str) -> set[str]:
    """The names of a table's columns, as the database reports them."""
    return {column["name"] for column in db.inspect(db.engine).get_columns(table)}


# --8<-- [start:tests]
def test_upgrade_creates_every_table(app: Flask) -> None:
    with app.app_context():
        tables = set(db.inspect(db.engine).get_table_names())
        assert {"user", "bookmark", "alembic_version"} <= tables
        assert "email" in columns("user")


def test_the_migrations_match_the_models(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, "a model changed without a migration: run flask db migrate"


def test_the_email_migration_keeps_existing_users(app: Flask) -> None:
    with app.app_context():
        downgrade(revision="-1")  # back to the tables without an email column
        assert "email" not in columns("user")
        db.session.execute(
            db.text("INSERT INTO user (username, password_hash) VALUES ('ada', 'x')")
        )
        db.session.commit()
        upgrade()
        ada = db.session.scalar(db.select(User).filter_by(username="ada"))
        assert ada is not None
        assert ada.email is None  # old accounts have no address until they add one


# --8<-- [end:tests]


def test_signing_up_stores_the_email_address(app: Flask, client: FlaskClient) -> None:
    response = client.post(
        "/auth/signup",
        data={
            "username": "ada",
            "email": " Ada@Example.com ",
            "password": "correct horse",
            "confirm": "correct horse",
        },
    )
    assert response.status_code in (302, 303)
    with app.app_context():
        ada = db.session.scalar(db.select(User).filter_by(username="ada"))
        assert ada is not None
        assert ada.email == "ada@example.com"
