"""Tests for the examples of chapter 2, "The MVC pattern"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient

LoadExample = Callable[[str], ModuleType]


# --- 01-what-is-mvc: a to-do list with no web framework --------------------------------


@pytest.fixture
def todo(load_example: LoadExample) -> ModuleType:
    return load_example("02-mvc/examples/todo_mvc.py")


def test_todo_model_adds_and_completes_tasks(todo: ModuleType) -> None:
    tasks = todo.TodoList()
    tasks.add("  buy milk ")
    tasks.complete(1)
    assert tasks.tasks == [todo.Task("buy milk", done=True)]


@pytest.mark.parametrize("text", ["", "   "])
def test_todo_model_refuses_a_blank_task(todo: ModuleType, text: str) -> None:
    with pytest.raises(ValueError, match="needs some text"):
        todo.TodoList().add(text)


def test_todo_view_only_formats_and_shows_an_empty_list_kindly(todo: ModuleType) -> None:
    tasks = [todo.Task("buy milk", done=True), todo.Task("read about MVC")]
    assert todo.render(tasks) == "1. [x] buy milk\n2. [ ] read about MVC"
    assert todo.render([]) == "Nothing to do!"
    assert todo.render([], "Oops.") == "Nothing to do!\n(Oops.)"


def test_todo_controller_updates_the_model_and_returns_the_view(todo: ModuleType) -> None:
    tasks = todo.TodoList()
    assert todo.handle("add buy milk", tasks) == "1. [ ] buy milk"
    assert todo.handle("done 1", tasks) == "1. [x] buy milk"
    assert todo.handle("list", tasks) == "1. [x] buy milk"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("done 7", "(There is no task 7.)"),
        ("done first", "(Say which task is done, for example 'done 1'.)"),
        ("add", "(A task needs some text.)"),
        ("delete 1", "(Unknown command 'delete'.)"),
    ],
)
def test_todo_controller_turns_bad_commands_into_messages(
    todo: ModuleType, command: str, message: str
) -> None:
    tasks = todo.TodoList()
    tasks.add("buy milk")
    assert todo.handle(command, tasks) == f"1. [ ] buy milk\n{message}"


def test_todo_main_prints_each_command_and_screen(
    todo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    todo.main()
    out = capsys.readouterr().out
    assert "> add buy milk\n1. [ ] buy milk\n" in out
    assert "(There is no task 7.)" in out
    assert out.rstrip().endswith("1. [x] buy milk\n2. [ ] read about MVC")


# --- 02-a-request-through-mvc: planets --------------------------------------------------


@pytest.fixture
def planets(load_example: LoadExample) -> ModuleType:
    return load_example("02-mvc/examples/planets.py")


def test_planet_model_works_out_light_travel_time(planets: ModuleType) -> None:
    assert planets.find_planet("Earth").light_minutes() == 8.3
    assert planets.find_planet("NEPTUNE").light_minutes() == 250.1
    assert planets.find_planet("Pluto") is None


def test_planet_page_shows_the_models_data_through_the_template(planets: ModuleType) -> None:
    response = planets.app.test_client().get("/planets/mars")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Mars</h1>" in page
    assert "1.52 times" in page
    assert "about 12.6 minutes" in page


def test_unknown_planet_is_a_404_with_the_name_escaped(planets: ModuleType) -> None:
    response = planets.app.test_client().get("/planets/<b>Pluto")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "No planet called &#39;&lt;b&gt;Pluto&#39; here." in page
    assert "<b>Pluto" not in page


# --- 03-mvc-in-flask: the bookshelf package ---------------------------------------------


@pytest.fixture
def bookshelf(load_example: LoadExample) -> ModuleType:
    return load_example("02-mvc/examples/bookshelf")


@pytest.fixture
def app(bookshelf: ModuleType) -> Flask:
    return bookshelf.create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_bookshelf_model_imports_nothing_from_flask(bookshelf: ModuleType) -> None:
    source = Path(bookshelf.__path__[0], "models.py").read_text(encoding="utf-8")
    assert "import flask" not in source
    assert "from flask" not in source


def test_bookshelf_model_sorts_gets_and_validates_books(bookshelf: ModuleType) -> None:
    shelf = bookshelf.models.Bookshelf()
    dune = shelf.add(" Dune ", "Frank Herbert")
    shelf.add("beloved", "Toni Morrison")
    assert dune == bookshelf.models.Book(id=1, title="Dune", author="Frank Herbert")
    assert [book.title for book in shelf.all()] == ["beloved", "Dune"]
    assert shelf.get(1) is dune
    assert shelf.get(99) is None
    with pytest.raises(ValueError, match="needs a title"):
        shelf.add(" ", "Anyone")
    with pytest.raises(ValueError, match="needs an author"):
        shelf.add("Anything", "")


def test_create_app_registers_the_books_blueprint_and_its_routes(app: Flask) -> None:
    assert "books" in app.blueprints
    rules = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}
    assert rules["/"] == "books.book_list"
    assert rules["/books/<int:book_id>"] == "books.book_detail"
    assert rules["/books"] == "books.add_book"


def test_list_page_shows_every_sample_book_sorted_and_linked(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>All books - Bookshelf</title>" in page
    assert page.index("Frankenstein") < page.index("The Left Hand") < page.index("Things Fall")
    assert '<a href="/books/1">Frankenstein</a>' in page
    assert 'action="/books"' in page


def test_detail_page_shows_one_book_inside_the_base_layout(client: FlaskClient) -> None:
    response = client.get("/books/2")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Things Fall Apart</h1>" in page
    assert "by Chinua Achebe" in page
    assert "<title>Things Fall Apart - Bookshelf</title>" in page
    assert '<a href="/">Bookshelf</a>' in page


@pytest.mark.parametrize("url", ["/books/99", "/books/0", "/books/abc"])
def test_missing_book_is_a_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_missing_book_404_says_which_id_was_missing(client: FlaskClient) -> None:
    assert "There is no book with id 99." in client.get("/books/99").get_data(as_text=True)


def test_adding_a_book_redirects_to_its_detail_page(client: FlaskClient) -> None:
    response = client.post("/books", data={"title": "Dune", "author": "Frank Herbert"})
    assert response.status_code in (302, 303)
    assert response.location == "/books/4"
    page = client.get("/books/4").get_data(as_text=True)
    assert "<h1>Dune</h1>" in page
    assert "Dune" in client.get("/").get_data(as_text=True)


def test_adding_a_book_without_a_title_shows_the_form_again_with_an_error(
    client: FlaskClient,
) -> None:
    response = client.post("/books", data={"title": "  ", "author": "Frank Herbert"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<p class="error">A book needs a title.</p>' in page
    assert 'value="Frank Herbert"' in page
    assert client.get("/books/4").status_code == 404


def test_adding_a_book_without_an_author_is_refused(client: FlaskClient) -> None:
    response = client.post("/books", data={"title": "Dune"})
    assert response.status_code == 400
    assert "A book needs an author." in response.get_data(as_text=True)


def test_list_page_does_not_accept_post_and_add_does_not_accept_get(client: FlaskClient) -> None:
    assert client.post("/").status_code == 405
    assert client.get("/books").status_code == 405


def test_user_input_is_escaped_on_the_detail_and_list_pages(client: FlaskClient) -> None:
    evil = "<script>alert('hi')</script>"
    response = client.post("/books", data={"title": evil, "author": "Mallory & Co"})
    for url in (response.location, "/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page
        assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in page
        assert "Mallory &amp; Co" in page


def test_user_input_is_escaped_when_the_form_is_shown_again(client: FlaskClient) -> None:
    response = client.post("/books", data={"title": "", "author": '"><b>bold</b>'})
    page = response.get_data(as_text=True)
    assert "<b>bold</b>" not in page
    assert 'value="&#34;&gt;&lt;b&gt;bold&lt;/b&gt;"' in page


def test_each_app_has_its_own_shelf(bookshelf: ModuleType) -> None:
    first, second = bookshelf.create_app(), bookshelf.create_app()
    first.test_client().post("/books", data={"title": "Dune", "author": "Frank Herbert"})
    assert first.test_client().get("/books/4").status_code == 200
    assert second.test_client().get("/books/4").status_code == 404


# --- 04-where-the-analogy-breaks: a JSON API --------------------------------------------


@pytest.fixture
def api(load_example: LoadExample) -> FlaskClient:
    return load_example("02-mvc/examples/books_api.py").app.test_client()


def test_api_lists_books_as_json(api: FlaskClient) -> None:
    response = api.get("/api/books")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert [book["title"] for book in response.json] == ["Frankenstein", "Things Fall Apart"]


def test_api_returns_one_book_or_a_json_404(api: FlaskClient) -> None:
    assert api.get("/api/books/2").json == {
        "id": 2,
        "title": "Things Fall Apart",
        "author": "Chinua Achebe",
    }
    response = api.get("/api/books/99")
    assert response.status_code == 404
    assert response.json == {"error": "There is no book with id 99."}


def test_api_adds_a_book_and_answers_201_created(api: FlaskClient) -> None:
    response = api.post("/api/books", json={"title": "Dune", "author": "Frank Herbert"})
    assert response.status_code == 201
    assert response.json == {"id": 3, "title": "Dune", "author": "Frank Herbert"}
    assert len(api.get("/api/books").json) == 3


@pytest.mark.parametrize(
    "kwargs",
    [{"json": {"title": "Dune"}}, {"json": ["not", "an", "object"]}, {"data": "not json"}],
)
def test_api_refuses_incomplete_or_non_json_books(api: FlaskClient, kwargs: dict) -> None:
    response = api.post("/api/books", **kwargs)
    assert response.status_code == 400
    assert "error" in response.json
