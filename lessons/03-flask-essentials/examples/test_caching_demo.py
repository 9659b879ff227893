"""Tests for caching_demo.py (the caching lesson).

Run them from the repository root with:
    pytest lessons/03-flask-essentials/examples/test_caching_demo.py
"""

from __future__ import annotations

import pytest
from caching_demo import TTLCache, create_app
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def app() -> Flask:
    """A fresh book club for every test (replaces the ``app`` of conftest.py)."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --8<-- [start:headers]
def test_the_about_page_may_be_kept_for_a_day(client: FlaskClient) -> None:
    response = client.get("/about")
    assert response.cache_control.public
    assert response.cache_control.max_age == 86400


def test_the_home_page_answers_304_to_a_matching_etag(client: FlaskClient) -> None:
    first = client.get("/")
    assert first.cache_control.no_cache
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_a_new_review_changes_the_etag(client: FlaskClient) -> None:
    before = client.get("/").headers["ETag"]
    client.post("/reviews", data={"book": "Dune", "stars": "5"})
    after = client.get("/", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["ETag"] != before


# --8<-- [end:headers]


def test_the_json_list_has_a_version_etag(client: FlaskClient) -> None:
    response = client.get("/reviews.json")
    assert response.headers["ETag"] == '"reviews-3"'
    assert len(response.get_json()["reviews"]) == 3
    assert client.get("/reviews.json", headers={"If-None-Match": '"reviews-3"'}).status_code == 304
    assert (
        client.get("/reviews.json", headers={"If-None-Match": 'W/"reviews-3"'}).status_code == 304
    )
    assert client.get("/reviews.json", headers={"If-None-Match": '"reviews-2"'}).status_code == 200


def test_a_bad_review_is_refused(client: FlaskClient) -> None:
    assert client.post("/reviews", data={"book": "Dune", "stars": "9"}).status_code == 400
    assert client.post("/reviews", data={"book": "", "stars": "3"}).status_code == 400


# --8<-- [start:server-cache]
def test_the_report_is_computed_once_then_served_from_the_cache(
    app: Flask, client: FlaskClient
) -> None:
    assert "Middlemarch: 4.5 stars on average" in client.get("/report").text
    client.get("/report")
    assert app.extensions["report_builds"] == 1


def test_the_report_is_computed_again_once_it_expires(app: Flask, client: FlaskClient) -> None:
    now = 1000.0
    app.extensions["report_cache"].clock = lambda: now
    client.get("/report")
    now += 5 * 60  # five minutes later
    client.get("/report")
    assert app.extensions["report_builds"] == 2


# --8<-- [end:server-cache]


def test_the_cache_forgets_expired_and_deleted_keys() -> None:
    now = 0.0
    cache = TTLCache(10, clock=lambda: now)
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get("a") == 1
    cache.delete("b")
    assert cache.get("b") is None
    now = 10.0
    assert cache.get("a") is None
