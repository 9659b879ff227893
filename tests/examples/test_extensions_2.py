"""Tests for the chapter 4 examples, lessons 07 onwards: pagination."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from flask import Flask, redirect, render_template, request, url_for

Loader = Callable[[str], ModuleType]
EXAMPLES = "04-extensions/examples/"


@pytest.fixture
def pagination_demo(load_example: Loader) -> ModuleType:
    return load_example(EXAMPLES + "pagination_demo.py")


@pytest.fixture
def app(pagination_demo: ModuleType) -> Flask:
    return pagination_demo.create_app()


def shown_messages(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Message number (\d+)\.", html)]


def test_first_page_shows_the_newest_20_of_53(app: Flask) -> None:
    response = app.test_client().get("/")

    assert response.status_code == 200
    assert shown_messages(response.text) == list(range(53, 33, -1))
    assert "Messages 1 to 20 of 53." in response.text
    assert '<ol start="1">' in response.text


def test_pages_follow_each_other_without_gaps_or_repeats(app: Flask) -> None:
    client = app.test_client()

    seen = [n for page in (1, 2, 3) for n in shown_messages(client.get(f"/?page={page}").text)]

    assert seen == list(range(53, 0, -1))


def test_last_page_holds_the_rest(app: Flask) -> None:
    html = app.test_client().get("/?page=3").text

    assert shown_messages(html) == list(range(13, 0, -1))
    assert "Messages 41 to 53 of 53." in html
    assert "Older</a>" not in html
    assert '<a href="/?page=2">Newer</a>' in html


def test_per_page_comes_from_the_query_string(app: Flask) -> None:
    html = app.test_client().get("/?page=2&per_page=5").text

    assert shown_messages(html) == [48, 47, 46, 45, 44]
    assert '<a href="/?page=3&amp;per_page=5">Older</a>' in html


def test_per_page_is_capped_by_max_per_page(app: Flask) -> None:
    html = app.test_client().get("/?per_page=1000").text

    assert len(shown_messages(html)) == 50


def test_without_max_per_page_db_paginate_has_no_limit(pagination_demo: ModuleType) -> None:
    app = pagination_demo.create_app({"SAMPLE_MESSAGES": 150})
    db = pagination_demo.db

    with app.test_request_context("/?per_page=1000"):
        unlimited = db.paginate(pagination_demo.newest_messages())
        capped = db.paginate(pagination_demo.newest_messages(), max_per_page=50)

    assert len(unlimited.items) == 150
    assert len(capped.items) == 50


@pytest.mark.parametrize("query", ["page=4", "page=0", "page=-1", "page=abc", "per_page=0"])
def test_impossible_pages_give_404(app: Flask, query: str) -> None:
    assert app.test_client().get(f"/?{query}").status_code == 404


def test_an_empty_guestbook_still_has_a_first_page(pagination_demo: ModuleType) -> None:
    app = pagination_demo.create_app({"SAMPLE_MESSAGES": 0})

    response = app.test_client().get("/")

    assert response.status_code == 200
    assert "No messages yet." in response.text
    assert app.test_client().get("/api/messages").json["pages"] == 0


def test_pagination_attributes_match_the_lessons_table(
    app: Flask, pagination_demo: ModuleType
) -> None:
    with app.test_request_context("/?page=2"):
        page = pagination_demo.db.paginate(pagination_demo.newest_messages())

    assert len(page.items) == 20 and list(page) == page.items
    assert (page.page, page.per_page, page.total, page.pages) == (2, 20, 53, 3)
    assert (page.first, page.last) == (21, 40)
    assert (page.has_prev, page.prev_num, page.has_next, page.next_num) == (True, 1, True, 3)


def test_iter_pages_leaves_gaps_as_in_the_lesson(app: Flask, pagination_demo: ModuleType) -> None:
    with app.test_request_context("/?page=7&per_page=2"):
        page = pagination_demo.db.paginate(pagination_demo.newest_messages())

    assert list(page.iter_pages()) == [1, 2, None, 5, 6, 7, 8, 9, 10, 11, None, 26, 27]


def test_page_links_mark_the_current_page_and_show_gaps(app: Flask) -> None:
    html = app.test_client().get("/?page=7&per_page=2").text

    assert '<li><a aria-current="page">7</a></li>' in html
    assert html.count("<li>…</li>") == 2
    assert '<a href="/?page=27&amp;per_page=2">27</a>' in html
    assert '<a href="/?page=3&amp;per_page=2">' not in html


def test_links_carry_no_per_page_when_the_visitor_gave_none(app: Flask) -> None:
    html = app.test_client().get("/?page=2").text

    assert '<a href="/?page=3">Older</a>' in html
    assert "per_page" not in html


def test_api_returns_a_page_and_links_to_its_neighbours(app: Flask) -> None:
    data = app.test_client().get("/api/messages?page=2&per_page=10").json

    assert [m["id"] for m in data["messages"]] == list(range(43, 33, -1))
    assert data["messages"][0] == {"id": 43, "author": "Alan", "text": "Message number 43."}
    assert (data["page"], data["per_page"], data["pages"], data["total"]) == (2, 10, 6, 53)
    assert data["next"] == "http://localhost/api/messages?page=3&per_page=10"
    assert data["prev"] == "http://localhost/api/messages?page=1&per_page=10"


def test_api_client_can_follow_next_until_null(app: Flask) -> None:
    client = app.test_client()
    url: str | None = "/api/messages?per_page=20"
    ids: list[int] = []

    while url is not None:
        data = client.get(url).json
        ids += [m["id"] for m in data["messages"]]
        url = data["next"]

    assert ids == list(range(53, 0, -1))


def test_exercise_solution_paginates_one_authors_messages(
    app: Flask, pagination_demo: ModuleType
) -> None:
    db, Message = pagination_demo.db, pagination_demo.Message

    @app.get("/api/authors/<name>/messages")
    def api_author_messages(name: str) -> dict[str, Any]:
        query = pagination_demo.newest_messages().where(Message.author == name)
        pagination = db.paginate(query, max_per_page=app.config["MAX_PER_PAGE"])

        def link(page: int | None) -> str | None:
            if page is None:
                return None
            return url_for(
                "api_author_messages",
                name=name,
                page=page,
                per_page=pagination.per_page,
                _external=True,
            )

        return {
            "messages": [{"id": m.id, "author": m.author, "text": m.text} for m in pagination],
            "page": pagination.page,
            "per_page": pagination.per_page,
            "pages": pagination.pages,
            "total": pagination.total,
            "next": link(pagination.next_num),
            "prev": link(pagination.prev_num),
        }

    client = app.test_client()
    # The lesson's check, line by line.
    data = client.get("/api/authors/Ada/messages?per_page=5").json
    assert data["total"] == 11
    assert len(data["messages"]) == 5
    assert {m["author"] for m in data["messages"]} == {"Ada"}
    ids = [m["id"] for m in data["messages"]]
    assert ids == sorted(ids, reverse=True)
    nobody = client.get("/api/authors/Nobody/messages")
    assert nobody.status_code == 200 and nobody.json["total"] == 0
    assert data["next"] == "http://localhost/api/authors/Ada/messages?page=2&per_page=5"


def test_second_exercise_solution_redirects_to_the_last_page(pagination_demo: ModuleType) -> None:
    app = Flask(pagination_demo.__name__, root_path=pagination_demo.create_app().root_path)
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite:///:memory:", MAX_PER_PAGE=50)
    db = pagination_demo.db
    db.init_app(app)
    with app.app_context():
        db.create_all()
        pagination_demo.add_sample_messages(53)

    @app.get("/")
    def index():
        pagination = db.paginate(
            pagination_demo.newest_messages(),
            max_per_page=app.config["MAX_PER_PAGE"],
            error_out=False,
        )
        if pagination.pages and pagination.page > pagination.pages:
            return redirect(
                url_for("index", page=pagination.pages, per_page=request.args.get("per_page"))
            )
        return render_template("pagination_demo/index.html", pagination=pagination)

    client = app.test_client()
    response = client.get("/?page=99&per_page=10")
    assert response.status_code in (302, 303)
    assert response.location == "/?page=6&per_page=10"
    assert client.get("/?page=2").status_code == 200
