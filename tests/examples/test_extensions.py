"""Tests for the chapter 4 examples: extensions."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.cli import routes_command
from flask.testing import FlaskClient

EXAMPLES = "04-extensions/examples/"


# ---------------------------------------------------------------- greeting_ext.py


@pytest.fixture
def greeting_ext(load_example) -> ModuleType:
    return load_example(EXAMPLES + "greeting_ext.py")


def test_greeting_extension_registers_itself_in_app_extensions(greeting_ext):
    app = greeting_ext.create_app()
    assert app.extensions["greeting"] is greeting_ext.greeting


def test_greeting_extension_sets_defaults_without_overwriting_app_config(greeting_ext):
    app = greeting_ext.create_app()
    assert app.config["GREETING_NAME"] == "Flask learner"  # set by the factory
    assert app.config["GREETING_PUNCTUATION"] == "!"  # default from init_app


def test_greeting_index_uses_configured_name(greeting_ext):
    response = greeting_ext.app.test_client().get("/")
    assert response.status_code == 200
    assert response.text == "Hello, Flask learner!"


def test_greeting_test_config_overrides_defaults(greeting_ext):
    app = greeting_ext.create_app({"GREETING_NAME": "tester", "GREETING_PUNCTUATION": "?"})
    assert app.test_client().get("/").text == "Hello, tester?"


def test_one_greeting_object_serves_two_apps_with_their_own_config(greeting_ext):
    polite = greeting_ext.create_app({"GREETING_PUNCTUATION": "."})
    excited = greeting_ext.create_app({"GREETING_PUNCTUATION": "!!!"})
    assert polite.test_client().get("/hello/Ada").text == "Hello, Ada."
    assert excited.test_client().get("/hello/Ada").text == "Hello, Ada!!!"


def test_greeting_escapes_a_name_from_the_url(greeting_ext):
    response = greeting_ext.app.test_client().get("/hello/<b>Ada")
    assert response.text == "Hello, &lt;b&gt;Ada!"


def test_greeting_is_available_in_templates(greeting_ext):
    response = greeting_ext.app.test_client().get("/page")
    assert response.text == "<h1>Hello, Flask learner!</h1>"


def test_greeting_outside_an_app_context_fails(greeting_ext):
    with pytest.raises(RuntimeError, match="application context"):
        greeting_ext.greeting.greet()


# ---------------------------------------------------------------- cli_demo.py


@pytest.fixture
def cli_app(load_example, tmp_path: Path) -> Flask:
    module = load_example(EXAMPLES + "cli_demo.py")
    return module.create_app({"TESTING": True, "GUESTS_FILE": tmp_path / "guests.json"})


def test_seed_command_writes_three_guests_by_default(cli_app, tmp_path):
    result = cli_app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0
    assert "Added 3 guest(s)." in result.output
    assert json.loads((tmp_path / "guests.json").read_text()) == ["Ada", "Grace", "Linus"]


def test_seed_count_option_limits_the_guests_and_the_site_shows_them(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["seed", "--count", "2"])
    assert result.exit_code == 0
    assert cli_app.test_client().get("/").json == {"guests": ["Ada", "Grace"]}


def test_seed_rejects_a_count_out_of_range(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["seed", "--count", "99"])
    assert result.exit_code == 2
    assert "Invalid value for '--count'" in result.output


def test_greet_command_takes_a_name_argument(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["greet", "Ada"])
    assert result.exit_code == 0
    assert result.output == "Hello, Ada!\n"


def test_greet_shout_flag_uses_capitals(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["greet", "Ada", "--shout"])
    assert result.output == "HELLO, ADA!\n"


def test_greet_without_a_name_is_a_usage_error(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["greet"])
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.output


def test_blueprint_command_lives_in_the_blueprint_group(cli_app, tmp_path):
    runner = cli_app.test_cli_runner()
    runner.invoke(args=["seed"])
    result = runner.invoke(args=["guests", "clear"])
    assert result.exit_code == 0
    assert json.loads((tmp_path / "guests.json").read_text()) == []


def test_plain_click_command_with_appcontext_can_use_current_app(cli_app):
    runner = cli_app.test_cli_runner()
    runner.invoke(args=["seed", "--count", "4"])
    result = runner.invoke(args=["count"])
    assert result.exit_code == 0
    assert result.output == f"{cli_app.name} has 4 guest(s).\n"


def test_help_lists_the_custom_commands(cli_app):
    result = cli_app.test_cli_runner().invoke(args=["--help"])
    for name in ("seed", "greet", "guests", "count"):
        assert name in result.output


def test_routes_command_lists_the_index_route(cli_app):
    result = cli_app.test_cli_runner().invoke(routes_command)
    assert result.exit_code == 0
    assert re.search(r"^index\s+GET\s+/\s*$", result.output, re.MULTILINE)


def test_shell_context_offers_the_storage_helpers(cli_app):
    context = cli_app.make_shell_context()
    assert context["app"] is cli_app
    assert {"load_guests", "save_guests"} <= context.keys()


def test_site_shows_no_guests_before_seeding(cli_app):
    assert cli_app.test_client().get("/").json == {"guests": []}


# ---------------------------------------------------------------- bootstrap_demo.py


@pytest.fixture
def bootstrap_demo(load_example) -> ModuleType:
    return load_example(EXAMPLES + "bootstrap_demo.py")


def test_bootstrap_page_loads_css_and_js_from_cdn_by_default(bootstrap_demo):
    html = bootstrap_demo.app.test_client().get("/").text
    assert 'href="https://cdn.jsdelivr.net/npm/bootstrap@5' in html
    assert "bootstrap.min.css" in html
    assert 'src="https://cdn.jsdelivr.net/npm/bootstrap@5' in html


def test_bootstrap_page_uses_bootstrap_classes(bootstrap_demo):
    response = bootstrap_demo.app.test_client().get("/")
    assert response.status_code == 200
    assert 'class="navbar navbar-expand' in response.text
    assert 'class="btn btn-primary btn-lg"' in response.text


def test_bootstrap_nav_item_marks_the_current_page_active(bootstrap_demo):
    html = bootstrap_demo.app.test_client().get("/join").text
    active = re.findall(r'class="nav-item nav-link active"[^>]*href="([^"]+)"', html)
    assert active == ["/join"]


def test_bootstrap_render_form_outputs_bootstrap_form_markup(bootstrap_demo):
    html = bootstrap_demo.app.test_client().get("/join").text
    assert 'class="form-control' in html
    assert 'class="btn btn-primary' in html
    assert 'name="csrf_token"' in html


def test_bootstrap_serve_local_uses_bundled_files(bootstrap_demo):
    app = bootstrap_demo.create_app({"BOOTSTRAP_SERVE_LOCAL": True})
    client = app.test_client()
    html = client.get("/").text
    assert "cdn.jsdelivr.net" not in html
    match = re.search(r'href="(/bootstrap/static/[^"]+bootstrap\.min\.css)"', html)
    assert match is not None
    css = client.get(match.group(1))
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    css.close()


def test_bootstrap_valid_form_flashes_a_styled_alert(bootstrap_demo):
    app = bootstrap_demo.create_app({"WTF_CSRF_ENABLED": False})
    client = app.test_client()
    response = client.post("/join", data={"name": "Ada"}, follow_redirects=True)
    assert response.request.path == "/"
    assert 'class="alert alert-success"' in response.text
    assert "Welcome aboard, Ada!" in response.text


def test_bootstrap_invalid_form_shows_error_with_bootstrap_feedback(bootstrap_demo):
    app = bootstrap_demo.create_app({"WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/join", data={"name": ""})
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert "invalid-feedback" in response.text


# ---------------------------------------------------------------- forms_demo.py


@pytest.fixture
def forms_demo(load_example) -> ModuleType:
    return load_example(EXAMPLES + "forms_demo.py")


def csrf_token_from(client: FlaskClient, path: str) -> str:
    """Fetch a form page and return the hidden CSRF token in it."""
    html = client.get(path).text
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match is not None, "the form has no csrf_token field"
    return match.group(1)


GOOD_SIGNUP = {"name": "Ada", "email": "ada@example.com", "level": "Some Python"}


def test_form_page_shows_every_field_and_a_csrf_token(forms_demo):
    response = forms_demo.app.test_client().get("/")
    assert response.status_code == 200
    for name in ("name", "email", "level", "comments", "csrf_token"):
        assert f'name="{name}"' in response.text


def test_post_without_csrf_token_is_rejected_with_400(forms_demo):
    response = forms_demo.app.test_client().post("/", data=GOOD_SIGNUP)
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text
    assert forms_demo.signups == []


def test_post_with_a_forged_csrf_token_is_rejected_with_400(forms_demo):
    client = forms_demo.app.test_client()
    client.get("/")
    response = client.post("/", data={**GOOD_SIGNUP, "csrf_token": "forged"})
    assert response.status_code == 400
    assert forms_demo.signups == []


def test_post_with_the_real_token_saves_and_redirects(forms_demo):
    client = forms_demo.app.test_client()
    token = csrf_token_from(client, "/")
    data = {**GOOD_SIGNUP, "comments": "Vegetarian lunch, please.", "csrf_token": token}
    response = client.post("/", data=data)
    assert response.status_code in (302, 303)
    assert response.location == "/signups"
    assert forms_demo.signups == [
        {
            "name": "Ada",
            "email": "ada@example.com",
            "level": "Some Python",
            "comments": "Vegetarian lunch, please.",
        }
    ]


def test_after_the_redirect_the_list_shows_the_flash_message_once(forms_demo):
    client = forms_demo.app.test_client()
    token = csrf_token_from(client, "/")
    response = client.post("/", data={**GOOD_SIGNUP, "csrf_token": token}, follow_redirects=True)
    assert "Thanks, Ada! You&#39;re on the list." in response.text
    assert "<li>Ada (Some Python)</li>" in response.text
    assert "Thanks, Ada!" not in client.get("/signups").text


def test_invalid_data_re_shows_the_form_with_errors_and_kept_values(forms_demo):
    client = forms_demo.app.test_client()
    token = csrf_token_from(client, "/")
    bad = {"name": "", "email": "not-an-email", "level": "New to Python", "csrf_token": token}
    response = client.post("/", data=bad)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Enter an address like ada@example.com." in response.text
    assert 'value="not-an-email"' in response.text
    assert forms_demo.signups == []


def test_a_level_not_in_the_choices_is_an_error(forms_demo):
    app = forms_demo.create_app({"WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/", data={**GOOD_SIGNUP, "level": "Wizard"})
    assert response.status_code == 200
    assert "Not a valid choice." in response.text


def test_too_long_comments_are_rejected(forms_demo):
    app = forms_demo.create_app({"WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/", data={**GOOD_SIGNUP, "comments": "x" * 201})
    assert "Field cannot be longer than 200 characters." in response.text


def test_with_csrf_disabled_a_post_needs_no_token(forms_demo):
    app = forms_demo.create_app({"WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/", data=GOOD_SIGNUP)
    assert response.status_code in (302, 303)
    assert len(forms_demo.signups) == 1


# ---------------------------------------------------------------- sqlalchemy_demo.py


@pytest.fixture
def sqlalchemy_demo(load_example) -> ModuleType:
    return load_example(EXAMPLES + "sqlalchemy_demo.py")


def test_sample_data_is_loaded_into_an_in_memory_database(sqlalchemy_demo):
    app = sqlalchemy_demo.app
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"
    assert app.test_client().get("/authors").json == {
        "authors": [
            {"id": 2, "name": "Terry Pratchett", "books": 2},
            {"id": 1, "name": "Ursula K. Le Guin", "books": 3},
        ]
    }


def test_empty_database_without_sample_data(sqlalchemy_demo):
    app = sqlalchemy_demo.create_app({"SAMPLE_DATA": False})
    assert app.test_client().get("/authors").json == {"authors": []}


def test_rows_added_in_an_app_context_are_queryable(sqlalchemy_demo):
    db, Author, Book = sqlalchemy_demo.db, sqlalchemy_demo.Author, sqlalchemy_demo.Book
    app = sqlalchemy_demo.create_app({"SAMPLE_DATA": False})
    with app.app_context():
        author = Author(name="Octavia E. Butler")
        db.session.add(author)
        db.session.add(Book(title="Kindred", year=1979, author=author))
        db.session.commit()
        assert author.id == 1
        found = db.session.execute(db.select(Book).filter_by(title="Kindred")).scalar_one()
        assert found.author.name == "Octavia E. Butler"


def test_a_new_row_gets_its_id_at_the_flush_and_a_rollback_still_undoes_it(sqlalchemy_demo):
    db, Author = sqlalchemy_demo.db, sqlalchemy_demo.Author
    app = sqlalchemy_demo.create_app({"SAMPLE_DATA": False})
    with app.app_context():
        author = Author(name="Octavia E. Butler")
        db.session.add(author)
        assert author.id is None  # only staged

        db.session.flush()
        assert author.id == 1  # the INSERT has run, but nothing is committed

        db.session.rollback()
        assert db.session.scalars(db.select(Author)).all() == []


def test_a_query_flushes_staged_rows_first(sqlalchemy_demo):
    db, Author = sqlalchemy_demo.db, sqlalchemy_demo.Author
    app = sqlalchemy_demo.create_app({"SAMPLE_DATA": False})
    with app.app_context():
        author = Author(name="N. K. Jemisin")
        db.session.add(author)

        found = db.session.scalars(db.select(Author)).one()

        assert found is author
        assert author.id == 1


def test_relationship_lists_an_authors_books_in_year_order(sqlalchemy_demo):
    db, Author = sqlalchemy_demo.db, sqlalchemy_demo.Author
    app = sqlalchemy_demo.create_app()
    with app.app_context():
        le_guin = db.session.execute(
            db.select(Author).filter_by(name="Ursula K. Le Guin")
        ).scalar_one()
        assert [book.year for book in le_guin.books] == [1968, 1969, 1974]
        assert all(book.author is le_guin for book in le_guin.books)


def test_show_author_uses_get_or_404(sqlalchemy_demo):
    client = sqlalchemy_demo.app.test_client()
    assert client.get("/authors/2").json == {
        "name": "Terry Pratchett",
        "books": ["The Colour of Magic", "Mort"],
    }
    assert client.get("/authors/99").status_code == 404


def test_find_author_by_name_uses_first_or_404(sqlalchemy_demo):
    client = sqlalchemy_demo.app.test_client()
    assert client.get("/authors/by-name/Terry Pratchett").json == {
        "id": 2,
        "name": "Terry Pratchett",
    }
    assert client.get("/authors/by-name/Nobody").status_code == 404


def test_books_can_be_filtered_by_year(sqlalchemy_demo):
    client = sqlalchemy_demo.app.test_client()
    books = client.get("/books?before=1970").json["books"]
    assert [b["title"] for b in books] == ["A Wizard of Earthsea", "The Left Hand of Darkness"]
    assert len(client.get("/books").json["books"]) == 5


def test_posting_a_book_stores_it_with_its_author(sqlalchemy_demo):
    app = sqlalchemy_demo.create_app()
    client = app.test_client()
    response = client.post("/authors/2/books", data={"title": "Guards! Guards!", "year": "1989"})
    assert response.status_code == 201
    assert response.json == {"id": 6, "title": "Guards! Guards!", "author": "Terry Pratchett"}
    assert client.get("/authors/2").json["books"][-1] == "Guards! Guards!"


def test_posting_a_book_without_a_year_is_a_bad_request(sqlalchemy_demo):
    client = sqlalchemy_demo.create_app().test_client()
    response = client.post("/authors/1/books", data={"title": "Untitled"})
    assert response.status_code == 400
    assert client.get("/authors/1").json["books"] == [
        "A Wizard of Earthsea",
        "The Left Hand of Darkness",
        "The Dispossessed",
    ]


def test_posting_a_book_for_a_missing_author_is_404(sqlalchemy_demo):
    client = sqlalchemy_demo.app.test_client()
    assert client.post("/authors/42/books", data={"title": "X", "year": "2000"}).status_code == 404


def test_database_uri_is_configurable(sqlalchemy_demo, tmp_path):
    uri = f"sqlite:///{tmp_path / 'books.sqlite'}"
    app = sqlalchemy_demo.create_app({"SQLALCHEMY_DATABASE_URI": uri})
    assert app.test_client().get("/authors/1").status_code == 200
    assert (tmp_path / "books.sqlite").exists()
    with app.app_context():
        sqlalchemy_demo.db.engine.dispose()


# ---------------------------------------------------------------- login_demo.py


#: Flask-Login 0.6.3 computes the remember cookie's expiry with datetime.utcnow(), which
#: Python 3.12+ deprecates; the warning is not about our code, so it must not fail the suite.
remember_me = pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")


@pytest.fixture
def login_demo(load_example) -> ModuleType:
    return load_example(EXAMPLES + "login_demo.py")


@pytest.fixture
def login_client(login_demo) -> FlaskClient:
    return login_demo.app.test_client()


def log_in(client: FlaskClient, password: str = "analytical-engine", **extra: str):
    return client.post("/login", data={"username": "ada", "password": password, **extra})


def test_passwords_are_stored_as_hashes(login_demo):
    ada = login_demo.find_user("ada")
    assert ada.password_hash != "analytical-engine"
    assert ada.check_password("analytical-engine")
    assert not ada.check_password("Analytical-Engine")


def test_anonymous_visitor_is_redirected_to_login_with_next(login_client):
    response = login_client.get("/secret")
    assert response.status_code in (302, 303)
    assert response.location == "/login?next=%2Fsecret"


def test_login_page_shows_the_login_message_after_redirect(login_client):
    response = login_client.get("/secret", follow_redirects=True)
    assert "Please log in to see that page." in response.text


def test_wrong_password_is_rejected(login_client):
    response = log_in(login_client, password="babbage")
    assert response.status_code == 200
    assert "Wrong username or password." in response.text
    assert login_client.get("/secret").status_code in (302, 303)


def test_unknown_user_gets_the_same_message(login_client):
    response = login_client.post("/login", data={"username": "eve", "password": "x"})
    assert "Wrong username or password." in response.text


def test_login_redirects_home_and_shows_the_secret(login_client):
    response = log_in(login_client)
    assert response.status_code in (302, 303)
    assert response.location == "/"
    secret = login_client.get("/secret")
    assert secret.status_code == 200
    assert "ada, the biscuits are in the blue tin." in secret.text


def test_login_follows_a_local_next_url(login_client):
    response = login_client.post(
        "/login?next=/secret", data={"username": "ada", "password": "analytical-engine"}
    )
    assert response.location == "/secret"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example"]
)
def test_login_ignores_a_next_url_on_another_site(login_client, target):
    response = login_client.post(
        "/login",
        query_string={"next": target},
        data={"username": "ada", "password": "analytical-engine"},
    )
    assert response.location == "/"


def test_session_remembers_the_user_id_not_the_password(login_client):
    log_in(login_client)
    with login_client.session_transaction() as session:
        assert session["_user_id"] == "1"
        assert "analytical-engine" not in str(dict(session))


def test_no_remember_cookie_unless_asked(login_client):
    log_in(login_client)
    assert login_client.get_cookie("remember_token") is None


@remember_me
def test_remember_me_sets_a_long_lived_remember_cookie(login_client):
    log_in(login_client, remember="on")
    cookie = login_client.get_cookie("remember_token")
    assert cookie is not None
    assert cookie.http_only
    lifetime = cookie.expires - datetime.now(UTC)
    assert timedelta(days=13) < lifetime <= timedelta(days=14)


@remember_me
def test_remember_cookie_logs_the_user_back_in_without_a_session(login_client):
    log_in(login_client, remember="on")
    login_client.delete_cookie("session")
    assert login_client.get("/secret").status_code == 200


@remember_me
def test_logout_ends_the_session_and_clears_the_remember_cookie(login_client):
    log_in(login_client, remember="on")
    response = login_client.post("/logout", follow_redirects=True)
    assert "You have been logged out." in response.text
    assert login_client.get_cookie("remember_token") is None
    assert login_client.get("/secret").status_code in (302, 303)


def test_logout_needs_a_post(login_client):
    log_in(login_client)
    assert login_client.get("/logout").status_code == 405


def test_logged_in_user_visiting_login_is_sent_home(login_client):
    log_in(login_client)
    assert login_client.get("/login").location == "/"


def test_strong_session_protection_logs_out_a_different_browser(login_demo):
    client = login_demo.create_app({"SESSION_PROTECTION": "strong"}).test_client()
    log_in(client)
    assert client.get("/secret").status_code == 200

    response = client.get("/secret", headers={"User-Agent": "a different browser"})

    assert response.status_code in (302, 303)
    assert response.location.startswith("/login")


def test_strong_session_protection_acts_like_basic_when_the_session_is_permanent(login_demo):
    client = login_demo.create_app({"SESSION_PROTECTION": "strong"}).test_client()
    log_in(client)
    with client.session_transaction() as session:
        session.permanent = True

    response = client.get("/secret", headers={"User-Agent": "a different browser"})

    assert response.status_code == 200
    with client.session_transaction() as session:
        assert session["_fresh"] is False


def test_a_session_for_a_deleted_user_counts_as_anonymous(login_client):
    with login_client.session_transaction() as session:
        session["_user_id"] = "99"  # user_loader returns None for this id
    assert login_client.get("/secret").status_code in (302, 303)
