"""Printable chapters and exercise handouts: per chapter, and never a copy of the whole course."""

from __future__ import annotations

from flask.testing import FlaskClient

from .test_review import lessons_read, reads_of


def test_a_printable_chapter_lists_its_lessons_and_holds_none_of_their_text(
    client: FlaskClient,
) -> None:
    page = client.get("/print/basics/").get_data(as_text=True)
    assert '<a href="/basics/hello/">Hello</a>' in page
    assert '<a href="/basics/second/">Second steps</a>' in page
    assert "Greeting section" not in page, "the lesson's text stays in the lesson"
    assert "js/borrow.js" in page and "js/print.js" in page
    assert 'class="print-nojs"' in page, "without JavaScript it says how to print the lessons"
    assert client.get("/print/nowhere/").status_code == 404


def test_a_printable_chapter_reads_only_the_titles_and_addresses_of_its_lessons(
    client: FlaskClient,
) -> None:
    read = lessons_read(reads_of(client, "/print/basics/"))
    assert {path for path, _ in read} == {"basics/hello/", "basics/second/"}
    assert {name for _, name in read}.isdisjoint({"rendered", "html"}), "never their text"


def test_a_chapters_handouts_hold_its_exercises_with_and_without_solutions(
    client: FlaskClient,
) -> None:
    without = client.get("/print/advanced/exercises/").get_data(as_text=True)
    assert "Write a function." in without and 'class="solution"' not in without
    assert '<a href="/print/advanced/exercises/solutions/">With solutions</a>' in without
    assert 'id="e1-1-exercise-try-it"' in without, "ids of their own in the handout"
    solutions = client.get("/print/advanced/exercises/solutions/").get_data(as_text=True)
    assert "Write a function." in solutions and 'class="solution"' in solutions
    empty = client.get("/print/basics/exercises/").get_data(as_text=True)
    assert "This chapter has no exercises." in empty


def test_an_edit_renders_only_its_own_chapters_handouts_again(client: FlaskClient) -> None:
    for url in ("/print/advanced/exercises/", "/print/advanced/exercises/solutions/"):
        assert {path for path, _ in lessons_read(reads_of(client, url))} == {"advanced/deep/"}
    read = lessons_read(reads_of(client, "/print/basics/exercises/"))
    assert {path for path, _ in read} == {"basics/hello/", "basics/second/"}


def test_the_handouts_page_links_every_chapters_printables_and_reads_no_lesson(
    client: FlaskClient,
) -> None:
    for url in ("/exercises/", "/exercises/solutions/"):
        page = client.get(url).get_data(as_text=True)
        for chapter in ("basics", "advanced"):
            for link in ("", "exercises/", "exercises/solutions/"):
                assert f'href="/print/{chapter}/{link}"' in page
        assert lessons_read(reads_of(client, url)) == set()
