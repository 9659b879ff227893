"""Tests for the examples of chapter 3, lessons 01 to 06 (first app to static files)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask, url_for
from flask.cli import find_best_app
from werkzeug.debug import DebuggedApplication

Loader = Callable[[str], ModuleType]
EXAMPLES = "03-flask-essentials/examples"


@pytest.fixture(autouse=True)
def _no_debug_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask reads FLASK_DEBUG when an app is created; keep the developer's shell out of it."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


# 01 - the first app and project layout


def test_hello_app_says_hello_world(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/hello.py").app

    response = app.test_client().get("/")

    assert response.status_code == 200
    assert response.text == "Hello, World!"
    assert response.mimetype == "text/html"


def test_hello_app_has_no_page_at_other_addresses(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/hello.py").app

    assert app.test_client().get("/goodbye").status_code == 404


def test_factory_returns_a_new_app_on_every_call(load_example: Loader) -> None:
    factory_app = load_example(f"{EXAMPLES}/factory_app")

    assert factory_app.create_app() is not factory_app.create_app()


def test_factory_package_has_no_global_app(load_example: Loader) -> None:
    factory_app = load_example(f"{EXAMPLES}/factory_app")

    assert not hasattr(factory_app, "app")


def test_factory_registers_the_pages_blueprint(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/factory_app").create_app()

    assert "pages" in app.blueprints
    assert {"pages.home", "pages.about"} <= set(app.view_functions)


def test_factory_home_page_links_to_about_page_by_blueprint_endpoint(
    load_example: Loader,
) -> None:
    app = load_example(f"{EXAMPLES}/factory_app").create_app()

    response = app.test_client().get("/")

    assert response.status_code == 200
    assert "Welcome to Factory demo!" in response.text
    assert "/about" in response.text
    assert app.test_client().get("/about").text == "This app was built by create_app()."


def test_factory_test_config_overrides_the_defaults(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/factory_app").create_app(
        {"TESTING": True, "SITE_NAME": "Test site"}
    )

    assert app.testing
    assert app.config["SECRET_KEY"] == "dev"
    assert "Welcome to Test site!" in app.test_client().get("/").text


def test_flask_cli_finds_create_app_in_the_package(load_example: Loader) -> None:
    factory_app = load_example(f"{EXAMPLES}/factory_app")

    app = find_best_app(factory_app)

    assert "pages.home" in app.view_functions


# 02 - the development server


def test_devserver_index_reports_debug_mode_off_by_default(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/devserver.py").app

    assert app.test_client().get("/").text.endswith("Debug mode is off.")


def test_devserver_index_reports_debug_mode_on_when_enabled(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/devserver.py").app
    app.debug = True

    assert app.test_client().get("/").text.endswith("Debug mode is on.")


def test_flask_debug_environment_variable_turns_debug_mode_on(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")

    app = load_example(f"{EXAMPLES}/devserver.py").app

    assert app.debug is True


def test_devserver_whoami_returns_host_and_client_address_as_json(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/devserver.py").app

    response = app.test_client().get("/whoami", base_url="http://192.168.1.20:8000")

    assert response.is_json
    assert response.json == {"host": "192.168.1.20:8000", "remote_addr": "127.0.0.1"}


def test_importing_devserver_does_not_start_a_server(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(Flask, "run", lambda *args, **kwargs: calls.append(args))

    load_example(f"{EXAMPLES}/devserver.py")

    assert calls == []


# 03 - the debugger


def test_debug_mode_is_off_unless_switched_on(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/debugger.py").app

    assert app.debug is False


def test_working_route_of_debugger_example_answers(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/debugger.py").app

    response = app.test_client().get("/average/10/4")

    assert response.text == "The average is 2.50."


def test_crash_with_debug_off_gives_plain_500_without_traceback(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/debugger.py").app

    response = app.test_client().get("/average/10/0")

    assert response.status_code == 500
    assert "Internal Server Error" in response.text
    assert "Traceback" not in response.text
    assert "ZeroDivisionError" not in response.text
    assert "dev-only-do-not-use" not in response.text


def test_crash_with_debug_on_lets_the_exception_reach_the_server(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/debugger.py").app
    app.debug = True

    with pytest.raises(ZeroDivisionError):
        app.test_client().get("/average/10/0")


def test_werkzeug_debugger_shows_the_traceback_page_in_debug_mode(load_example: Loader) -> None:
    app = load_example(f"{EXAMPLES}/debugger.py").app
    app.debug = True
    # This is what `flask run --debug` does: wrap the app in the interactive debugger.
    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # type: ignore[method-assign]

    response = app.test_client().get("/average/10/0")

    assert response.status_code == 500
    assert "Werkzeug Debugger" in response.text
    assert "ZeroDivisionError: division by zero" in response.text
    assert "result = total / count" in response.text


def debugged(app: Flask) -> Flask:
    """Wrap the app in the interactive debugger, as `flask run --debug` does."""
    app.debug = True
    app.wsgi_app = DebuggedApplication(  # type: ignore[method-assign]
        app.wsgi_app, evalex=True, console_path="/console"
    )
    return app


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000", "app.localhost"])
def test_debugger_console_opens_for_local_host_names(load_example: Loader, host: str) -> None:
    app = debugged(load_example(f"{EXAMPLES}/debugger.py").app)

    response = app.test_client().get("/console", base_url=f"http://{host}")

    assert response.status_code == 200
    assert "EVALEX = true" in response.text


@pytest.mark.parametrize("host", ["192.168.1.20:5000", "example.com"])
def test_debugger_refuses_consoles_for_other_host_names(load_example: Loader, host: str) -> None:
    """Since Werkzeug 3.0.3 the console only answers requests for localhost or 127.0.0.1."""
    app = debugged(load_example(f"{EXAMPLES}/debugger.py").app)
    client = app.test_client()

    console = client.get("/console", base_url=f"http://{host}")
    crash = client.get("/average/10/0", base_url=f"http://{host}")

    assert console.status_code == 400
    assert crash.status_code == 500
    assert "ZeroDivisionError" in crash.text
    assert "EVALEX = false" in crash.text


def test_debugger_pin_depends_on_the_machine_id(
    load_example: Loader, monkeypatch: pytest.MonkeyPatch
) -> None:
    import werkzeug.debug

    monkeypatch.delenv("WERKZEUG_DEBUG_PIN", raising=False)
    app = load_example(f"{EXAMPLES}/debugger.py").app
    monkeypatch.setattr(werkzeug.debug, "get_machine_id", lambda: b"first-machine")
    first_pin, _ = werkzeug.debug.get_pin_and_cookie_name(app)
    monkeypatch.setattr(werkzeug.debug, "get_machine_id", lambda: b"second-machine")
    second_pin, _ = werkzeug.debug.get_pin_and_cookie_name(app)

    assert first_pin != second_pin
    assert werkzeug.debug.get_pin_and_cookie_name(app)[0] == second_pin  # stable on one machine


# 04 - routing


@pytest.fixture
def routing(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/routing.py")


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/", "Home page"),
        ("/about", "About this site"),
        ("/users/ada", "Profile of ada"),
        ("/posts/2", "Post 2: Routing is just a lookup table"),
        ("/price/10.0", "With 20% tax: 12.00"),
        ("/files/reports/2024/summary.pdf", "You asked for the file reports/2024/summary.pdf"),
        ("/projects/", "The projects folder"),
        ("/faq", "A page, not a folder"),
    ],
)
def test_routing_url_shows_page(routing: ModuleType, url: str, body: str) -> None:
    response = routing.app.test_client().get(url)

    assert response.status_code == 200
    assert response.text == body


@pytest.mark.parametrize(
    "url",
    [
        "/posts/abc",  # int converter refuses text
        "/posts/-1",  # int converter refuses negative numbers
        "/posts/99",  # the view itself calls abort(404)
        "/price/10",  # float converter needs a decimal point
        "/users/ada/extra",  # string converter stops at a slash
        "/orders/not-a-uuid",
        "/faq/",  # no trailing slash in the rule, so none is allowed
    ],
)
def test_routing_url_that_does_not_match_gives_custom_404(routing: ModuleType, url: str) -> None:
    response = routing.app.test_client().get(url)

    assert response.status_code == 404
    assert response.text == "Sorry, there is nothing at this address."


def test_routing_uuid_converter_passes_a_uuid_object(routing: ModuleType) -> None:
    order_id = uuid.UUID("12345678-1234-4678-9234-567812345678")

    response = routing.app.test_client().get(f"/orders/{order_id}")

    assert response.text == f"Order {order_id} (version 4 UUID)"


def test_routing_user_name_is_escaped(routing: ModuleType) -> None:
    response = routing.app.test_client().get("/users/<script>")

    assert response.text == "Profile of &lt;script&gt;"


def test_routing_missing_trailing_slash_redirects_to_folder_url(routing: ModuleType) -> None:
    response = routing.app.test_client().get("/projects")

    assert response.status_code == 308
    assert response.location == "http://localhost/projects/"


def test_routing_get_only_route_refuses_post(routing: ModuleType) -> None:
    response = routing.app.test_client().post("/about")

    assert response.status_code == 405
    assert set(response.allow) == {"GET", "HEAD", "OPTIONS"}


def test_routing_contact_accepts_get_and_post(routing: ModuleType) -> None:
    client = routing.app.test_client()

    assert client.get("/contact").text == "Send us a message with a POST request."
    assert client.post("/contact").text == "Thanks for your message!"


def test_routing_posting_a_note_redirects_to_the_list(routing: ModuleType) -> None:
    client = routing.app.test_client()

    response = client.post("/notes", data={"text": "Buy milk"})

    assert response.status_code in (302, 303)
    assert response.location == "/notes"
    assert client.get("/notes").json == {"notes": ["Buy milk"]}


def test_routing_following_the_redirect_shows_the_new_note(routing: ModuleType) -> None:
    client = routing.app.test_client()

    response = client.post("/notes", data={"text": "Call Ada"}, follow_redirects=True)

    assert response.request.path == "/notes"
    assert response.json == {"notes": ["Call Ada"]}


def test_routing_posting_a_note_without_text_is_a_bad_request(routing: ModuleType) -> None:
    response = routing.app.test_client().post("/notes", data={})

    assert response.status_code == 400


def test_routing_url_for_builds_urls_from_endpoint_names(routing: ModuleType) -> None:
    links = routing.app.test_client().get("/links").json

    assert links == {
        "about": "/about",
        "ada": "/users/ada",
        "post": "/posts/2",
        "ada_posts_tab": "/users/ada?tab=posts",
        "about_absolute": "http://localhost/about",
    }


def test_redirect_answers_302_in_flask_3_1_and_303_from_3_2(routing: ModuleType) -> None:
    flask_version = tuple(int(part) for part in version("flask").split(".")[:2])
    expected = 302 if flask_version < (3, 2) else 303

    response = routing.app.test_client().post("/notes", data={"text": "Buy milk"})

    assert response.status_code == expected


def test_routing_old_address_redirects_to_the_new_one(routing: ModuleType) -> None:
    response = routing.app.test_client().get("/old-about")

    assert response.status_code in (302, 303)
    assert response.location == "/about"


# 05 - templates


@pytest.fixture
def templates_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/templates_demo.py")


def test_book_list_extends_the_base_layout(templates_demo: ModuleType) -> None:
    response = templates_demo.app.test_client().get("/")

    assert response.status_code == 200
    assert "<title>All books - Bookshelf</title>" in response.text
    assert '<header><a href="/">Bookshelf</a></header>' in response.text


def test_book_list_loops_over_books_and_applies_filters(templates_demo: ModuleType) -> None:
    text = templates_demo.app.test_client().get("/").text

    assert "<h1>3 books</h1>" in text
    assert text.count("<li>") == 3
    assert "<strong>DUNE</strong> (Book one)" in text
    assert "<strong>EMMA</strong> (no subtitle)" in text
    assert "by Toni Morrison, about 8 h" in text


def test_empty_book_list_shows_the_else_branch(templates_demo: ModuleType) -> None:
    text = templates_demo.app.test_client().get("/empty").text

    assert "<h1>0 books</h1>" in text
    assert "The shelf is empty." in text
    assert "<ol>" not in text


@pytest.mark.parametrize(
    ("pages", "expected"), [(10, "under an hour"), (40, "about 1 h"), (412, "about 10 h")]
)
def test_reading_time_filter(templates_demo: ModuleType, pages: int, expected: str) -> None:
    assert templates_demo.reading_time(pages) == expected
    assert templates_demo.app.jinja_env.filters["reading_time"] is templates_demo.reading_time


def test_search_finds_matching_titles(templates_demo: ModuleType) -> None:
    text = templates_demo.app.test_client().get("/search?q=em").text

    assert "You searched for: em" in text
    assert "<li>Emma</li>" in text
    assert "Dune" not in text


def test_search_without_matches_uses_the_for_else_branch(templates_demo: ModuleType) -> None:
    text = templates_demo.app.test_client().get("/search?q=zzz").text

    assert "<li>No matches.</li>" in text


def test_search_escapes_html_in_the_query(templates_demo: ModuleType) -> None:
    attack = "<script>alert('hi')</script>"

    text = templates_demo.app.test_client().get("/search", query_string={"q": attack}).text

    assert attack not in text
    assert "You searched for: &lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in text


def test_unsafe_search_with_safe_filter_lets_the_script_through(
    templates_demo: ModuleType,
) -> None:
    attack = "<script>alert('hi')</script>"

    text = templates_demo.app.test_client().get("/unsafe-search", query_string={"q": attack}).text

    assert f"You searched for: {attack}" in text


# 06 - static files


@pytest.fixture
def static_demo(load_example: Loader) -> ModuleType:
    return load_example(f"{EXAMPLES}/static_demo.py")


def test_page_links_to_static_files_with_url_for(static_demo: ModuleType) -> None:
    text = static_demo.app.test_client().get("/").text

    assert 'href="/static/static_demo/style.css"' in text
    assert 'src="/static/static_demo/logo.svg"' in text


def test_page_links_to_script_with_a_content_version(static_demo: ModuleType) -> None:
    script = Path(static_demo.app.static_folder, "static_demo/greet.js").read_bytes()
    version = hashlib.sha256(script).hexdigest()[:8]

    text = static_demo.app.test_client().get("/").text

    assert f'src="/static/static_demo/greet.js?v={version}"' in text


def test_static_file_is_served_with_its_content_type(static_demo: ModuleType) -> None:
    client = static_demo.app.test_client()

    css = client.get("/static/static_demo/style.css")
    svg = client.get("/static/static_demo/logo.svg")

    assert css.status_code == 200
    assert css.mimetype == "text/css"
    assert "font-family" in css.text
    assert svg.mimetype == "image/svg+xml"
    css.close()
    svg.close()


def test_static_file_response_supports_revalidation(static_demo: ModuleType) -> None:
    client = static_demo.app.test_client()

    first = client.get("/static/static_demo/style.css")
    again = client.get(
        "/static/static_demo/style.css", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert first.headers["Cache-Control"] == "no-cache"
    assert "Last-Modified" in first.headers
    assert again.status_code == 304
    assert again.data == b""
    first.close()
    again.close()


def test_missing_static_file_is_404(static_demo: ModuleType) -> None:
    assert static_demo.app.test_client().get("/static/static_demo/nope.css").status_code == 404


def test_static_folder_refuses_paths_outside_it(static_demo: ModuleType) -> None:
    response = static_demo.app.test_client().get("/static/../static_demo.py")

    assert response.status_code == 404


def test_version_changes_with_the_query_string_only(static_demo: ModuleType) -> None:
    client = static_demo.app.test_client()

    response = client.get("/static/static_demo/greet.js?v=anything")

    assert response.status_code == 200
    assert "greet.js" in response.text
    response.close()


def test_flask_cli_picks_the_app_named_app(static_demo: ModuleType) -> None:
    assert find_best_app(static_demo) is static_demo.app


def test_custom_static_folder_and_url_path(static_demo: ModuleType) -> None:
    app = static_demo.custom_app
    client = app.test_client()

    with app.test_request_context():
        assert url_for("static", filename="style.css") == "/assets/style.css"
    response = client.get("/assets/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert client.get("/static/static_demo/style.css").status_code == 404
    response.close()
