"""Tests for the noticeboard package (the blueprints lesson).

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_noticeboard.py
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from noticeboard import create_app


@pytest.fixture
def app() -> Flask:
    """A fresh notice board for every test (replaces the ``app`` of conftest.py)."""
    return create_app({"TESTING": True, "ADMIN_PASSWORD": "secret"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    """A client that has logged in to the admin area."""
    client.post("/admin/login", data={"password": "secret"})
    return client


# --8<-- [start:routes]
@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/", "pages.index"),
        ("/notices/1", "pages.notice"),
        ("/api/v1/notices", "api.v1.notices"),
        ("/api/v1/notices/1", "api.v1.notice"),
        ("/admin/", "admin.index"),
        ("/admin/login", "admin.login"),
    ],
)
def test_each_path_belongs_to_its_blueprint(app: Flask, path: str, endpoint: str) -> None:
    adapter = app.url_map.bind("localhost")
    assert adapter.match(path)[0] == endpoint


# --8<-- [end:routes]


def test_public_pages_show_the_notices(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Village notice board" in page.text
    assert 'href="/notices/1"' in page.text
    assert "Grey, answers to Pixel." in client.get("/notices/1").text


def test_a_missing_notice_is_a_404(client: FlaskClient) -> None:
    assert client.get("/notices/99").status_code == 404
    assert client.get("/api/v1/notices/99").status_code == 404


def test_the_api_answers_json(client: FlaskClient) -> None:
    notices = client.get("/api/v1/notices").get_json()["notices"]
    assert [notice["title"] for notice in notices] == ["Lost cat", "Choir practice"]
    assert client.get("/api/v1/notices/2").get_json()["title"] == "Choir practice"


# --8<-- [start:guard]
def test_admin_pages_need_a_login(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login"


def test_the_guard_leaves_other_blueprints_alone(client: FlaskClient) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/notices").status_code == 200


def test_a_wrong_password_is_refused(client: FlaskClient) -> None:
    page = client.post("/admin/login", data={"password": "guess"})
    assert "Wrong password." in page.text
    assert client.get("/admin/").status_code == 302


# --8<-- [end:guard]


def test_an_admin_pins_a_notice(admin: FlaskClient) -> None:
    response = admin.post("/admin/", data={"title": "Fête", "text": "Saturday, on the green."})
    assert response.headers["Location"] == "/admin/"
    assert "Fête" in admin.get("/").text
    assert admin.post("/admin/", data={"title": "", "text": ""}).status_code == 200


def test_context_processors_reach_the_right_templates(admin: FlaskClient) -> None:
    # board_name comes from pages' app_context_processor, so admin pages have it too;
    # admin_area comes from admin's context_processor, so public pages do not.
    assert "Village notice board" in admin.get("/admin/").text
    assert "<strong>Admin</strong>" in admin.get("/admin/").text
    assert "<strong>Admin</strong>" not in admin.get("/").text


def test_the_blueprint_command_counts_notices(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["admin", "count"])
    assert result.exit_code == 0
    assert result.output == "2 notices\n"


def test_each_app_has_its_own_notices() -> None:
    first, second = create_app(), create_app()
    with first.app_context():
        from noticeboard import store

        store.add_notice("Only here", "In the first app.")
    assert "Only here" in first.test_client().get("/").text
    assert "Only here" not in second.test_client().get("/").text
