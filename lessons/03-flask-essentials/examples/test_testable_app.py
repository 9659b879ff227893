"""Tests for testable_app.py.

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_testable_app.py
"""

from __future__ import annotations

from testable_app import create_app


# --8<-- [start:status-body]
def test_home_page_greets_and_counts_notes(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "Hello! You have 0 note(s)."


def test_empty_note_is_rejected_with_400(client):
    response = client.post("/notes", data={"text": "   "})
    assert response.status_code == 400
    assert b"needs some text" in response.data


# --8<-- [end:status-body]


# --8<-- [start:headers]
def test_home_page_is_html(client):
    response = client.get("/")
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_adding_a_note_redirects_to_the_home_page(client):
    response = client.post("/notes", data={"text": "Buy milk"})
    assert response.status_code in (302, 303)  # 302 in Flask 3.1, 303 from Flask 3.2 on
    assert response.headers["Location"] == "/"


# --8<-- [end:headers]


# --8<-- [start:redirects]
def test_following_the_redirect_shows_the_new_count(client):
    response = client.post("/notes", data={"text": "Buy milk"}, follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/"
    assert len(response.history) == 1
    assert "1 note(s)" in response.text


def test_old_home_page_moved_permanently(client):
    response = client.get("/old-home", follow_redirects=True)
    assert response.history[0].status_code == 301
    assert response.request.path == "/"


# --8<-- [end:redirects]


# --8<-- [start:json]
def test_notes_api_returns_json(client):
    client.post("/notes", data={"text": "Buy milk"})
    response = client.get("/api/notes")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"count": 1, "notes": ["Buy milk"]}


# --8<-- [end:json]


# --8<-- [start:isolation]
def test_each_test_starts_with_no_notes(client):
    assert client.get("/api/notes").json["count"] == 0


def test_factory_accepts_test_settings():
    app = create_app({"TESTING": True, "GREETING": "Hi"})
    response = app.test_client().get("/")
    assert response.text.startswith("Hi!")


# --8<-- [end:isolation]


# --8<-- [start:cli]
def test_add_note_command_prints_and_stores_the_note(runner, client):
    result = runner.invoke(args=["add-note", "Water the plants"])
    assert result.exit_code == 0
    assert "Added note 1: Water the plants" in result.output
    assert client.get("/api/notes").json["notes"] == ["Water the plants"]


# --8<-- [end:cli]
