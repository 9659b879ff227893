"""Chapter 6, lesson 1: Linkbox with Flask-Migrate (06-production/examples/01-migrations)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy.exc import IntegrityError

from .linkbox_steps import (
    DOCS,
    LESSONS,
    app_maker,
    package,
    relative_imports_only,
    rows,
    run_learner_tests,
    signup,
)

STEP = "01-migrations"
FIRST, EMAIL = "603087897ce2", "e5e66c4b0b37"


@pytest.fixture
def linkbox(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example(package(STEP))


@pytest.fixture
def make_app(linkbox: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    with app_maker(linkbox, tmp_path) as make:
        yield make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def tables(linkbox: ModuleType) -> set[str]:
    db = linkbox.models.db
    return set(db.inspect(db.engine).get_table_names())


def columns(linkbox: ModuleType, table: str) -> set[str]:
    db = linkbox.models.db
    return {column["name"] for column in db.inspect(db.engine).get_columns(table)}


def revision(linkbox: ModuleType) -> str | None:
    db = linkbox.models.db
    return db.session.scalar(db.text("SELECT version_num FROM alembic_version"))


# The migration scripts


def test_the_package_uses_relative_imports_only() -> None:
    assert relative_imports_only(STEP) == []


def test_the_migrations_live_inside_the_package(app: Flask, linkbox: ModuleType) -> None:
    folder = LESSONS / package(STEP) / "migrations"
    assert app.extensions["migrate"].directory == str(folder)
    assert (folder / "alembic.ini").is_file()
    assert (folder / "env.py").is_file()
    names = sorted(path.name for path in (folder / "versions").glob("*.py"))
    assert [name.split("_")[3] for name in names] == [FIRST, EMAIL]


def test_the_revisions_form_one_chain() -> None:
    versions = LESSONS / package(STEP) / "migrations" / "versions"
    links = {}
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        this = re.search(r'^revision = "(\w+)"', text, re.MULTILINE)
        parent = re.search(r"^down_revision = (None|\"\w+\")", text, re.MULTILINE)
        assert this is not None and parent is not None, script.name
        links[this[1]] = parent[1].strip('"')
    assert links == {FIRST: "None", EMAIL: FIRST}


def test_the_naming_convention_names_every_constraint(linkbox: ModuleType) -> None:
    db = linkbox.models.db
    user = db.metadata.tables["user"]
    names = {constraint.name for constraint in user.constraints}
    assert {"pk_user", "uq_user_username", "uq_user_email"} <= names


def test_init_db_is_gone_and_the_db_commands_are_there(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code != 0
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0
    for command in ("init", "migrate", "upgrade", "downgrade", "current", "history", "stamp"):
        assert command in result.output


def test_creating_the_app_creates_no_tables(
    make_app: Callable[..., Flask], linkbox: ModuleType
) -> None:
    app = make_app(migrate=False)
    with app.app_context():
        assert tables(linkbox) == set()


# Running them


def test_upgrade_builds_the_schema_at_the_newest_revision(app: Flask, linkbox: ModuleType) -> None:
    with app.app_context():
        assert {"user", "bookmark", "alembic_version"} <= tables(linkbox)
        assert columns(linkbox, "user") == {"id", "username", "email", "password_hash"}
        assert revision(linkbox) == EMAIL


def test_upgrade_twice_changes_nothing(app: Flask, linkbox: ModuleType) -> None:
    with app.app_context():
        upgrade()
        assert revision(linkbox) == EMAIL


def test_the_models_match_the_migrations(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_model_change_without_a_migration_fails_the_check(
    app: Flask, linkbox: ModuleType
) -> None:
    bookmark = linkbox.models.db.metadata.tables["bookmark"]
    bookmark.append_column(sa.Column("starred", sa.Boolean(), nullable=True))
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 1


def test_downgrade_step_by_step_and_back(app: Flask, linkbox: ModuleType) -> None:
    with app.app_context():
        downgrade(revision="-1")
        assert revision(linkbox) == FIRST
        assert "email" not in columns(linkbox, "user")
        downgrade(revision="base")
        assert tables(linkbox) == {"alembic_version"}
        upgrade()
        assert revision(linkbox) == EMAIL
        assert "email" in columns(linkbox, "user")


def test_the_email_migration_keeps_the_rows_and_the_unique_constraints(
    app: Flask, linkbox: ModuleType
) -> None:
    db = linkbox.models.db
    with app.app_context():
        downgrade(revision=FIRST)
        db.session.execute(
            db.text("INSERT INTO user (username, password_hash) VALUES ('ada', 'x'), ('bob', 'y')")
        )
        db.session.commit()
        upgrade()
        assert [(u.username, u.email) for u in rows(app, linkbox, "User")] == [
            ("ada", None),
            ("bob", None),
        ]
        # Several accounts may lack an address (NULLs are never equal), but no two may share
        # one, and the batch migration that rebuilt the table kept the unique username.
        same = db.text("UPDATE user SET email = 'same@example.com' WHERE username = :name")
        db.session.execute(same, {"name": "ada"})
        with pytest.raises(IntegrityError, match="UNIQUE constraint failed: user.email"):
            db.session.execute(same, {"name": "bob"})
        db.session.rollback()
        twin = db.text("INSERT INTO user (username, password_hash) VALUES ('ada', 'z')")
        with pytest.raises(IntegrityError, match="UNIQUE constraint failed: user.username"):
            db.session.execute(twin)
        db.session.rollback()


def test_a_database_made_by_chapter_5s_init_db_can_be_stamped_and_upgraded(
    load_example: Callable[[str], ModuleType], tmp_path: Path, linkbox: ModuleType
) -> None:
    database = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database}
    old = load_example("05-capstone/examples/linkbox")
    old_app = old.create_app(config)
    with old_app.app_context():
        old.models.db.create_all()
        ada = old.models.User(username="ada", password_hash="x")
        ada.bookmarks.append(old.models.Bookmark(url="https://a.example/", title="A"))
        old.models.db.session.add(ada)
        old.models.db.session.commit()
        old.models.db.engine.dispose()

    app = linkbox.create_app(config)
    with app.app_context():
        stamp(revision=FIRST)  # "these tables are already at the first revision"
        upgrade()
        assert revision(linkbox) == EMAIL
        db = linkbox.models.db
        [user] = db.session.scalars(db.select(linkbox.models.User))
        assert (user.username, user.email) == ("ada", None)
        assert [bookmark.title for bookmark in user.bookmarks] == ["A"]
        linkbox.models.db.engine.dispose()


# The email address on the sign-up form


def test_the_signup_form_asks_for_an_email_address(client: FlaskClient) -> None:
    text = client.get("/auth/signup").text
    field = re.search(r'<input [^>]*name="email"[^>]*>', text)
    assert field is not None
    assert 'type="email"' in field[0]
    assert 'autocomplete="email"' in field[0]
    assert "Only used to send you a link if you forget your password." in text


def test_signing_up_stores_the_address_in_lower_case(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    response = signup(client, "ada", email="  Ada.Lovelace@Example.COM ")
    assert response.status_code in (302, 303)
    [user] = rows(app, linkbox, "User")
    assert user.email == "ada.lovelace@example.com"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("ada", "Enter an address like ada@example.com."),
        ("ada@localhost", "Enter an address like ada@example.com."),
        ("a b@example.com", "Enter an address like ada@example.com."),
        ("x" * 250 + "@example.com", "longer than 254"),
    ],
)
def test_bad_addresses_are_refused(
    app: Flask, client: FlaskClient, linkbox: ModuleType, email: str, message: str
) -> None:
    response = client.post(
        "/auth/signup",
        data={
            "username": "ada",
            "email": email,
            "password": "long enough",
            "confirm": "long enough",
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert rows(app, linkbox, "User") == []


def test_an_address_can_belong_to_one_account_only(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client, "ada", email="ada@example.com")
    client.post("/auth/logout")
    response = signup(client, "grace", email="ADA@example.com")
    assert response.status_code == 200
    assert "That address belongs to another account." in response.text
    assert len(rows(app, linkbox, "User")) == 1


def test_the_rest_of_linkbox_still_works(
    app: Flask, client: FlaskClient, linkbox: ModuleType
) -> None:
    signup(client)
    response = client.post("/add", data=DOCS, follow_redirects=True)
    assert "Saved “Python docs”." in response.text
    [bookmark] = rows(app, linkbox, "Bookmark")
    assert client.post(f"/{bookmark.id}/delete").status_code in (302, 303)
    assert rows(app, linkbox, "Bookmark") == []


# The lesson's own test files


def test_the_learners_test_files_pass() -> None:
    result = run_learner_tests(STEP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
