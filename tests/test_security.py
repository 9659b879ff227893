"""Hostile requests against the live server: traversal, odd methods, huge URLs, headers."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from courseware import create_app
from courseware.config import PROJECT_ROOT

TRAVERSALS = [
    "/../../etc/passwd",
    "/static/../../etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%5c..%5cetc%5cpasswd",
    "/static/%2e%2e%5c%2e%2e%5cpyproject.toml",
    "/static//etc/passwd",
    "/static/css/site.css%00.js",
    "/static/..%00/pyproject.toml",
    "/media/../course.yml",
    "/media/..%2fcourse.yml",
    "/media/%2e%2e/%2e%2e/pyproject.toml",
    "/media//etc/passwd",
    "/media/01-basics/01-hello.md",
    "/media/01-basics/images/..%2f01-hello.md",
    "/basics/..%2f..%2fetc/",
    "/%2e%2e/%2e%2e/etc/passwd/",
    "/search/t/..%2f..%2fmeta.json",
    "/search/l/-1.json",
    "/search/t/%00.json",
    "/instructor/..%2f..%2fetc/passwd/",
    "/print/%2e%2e/",
    "/theme/..%2fhighlight.css",
    "/C:%5cwindows%5cwin.ini",
    "/static/C:/windows/win.ini",
]


@pytest.fixture
def audited(app: Flask, client: FlaskClient, lessons_dir: Path) -> Iterator[list[str]]:
    """Every file the app opens while the test runs (after a warm-up of normal pages)."""
    for url in (
        "/",
        "/basics/",
        "/basics/hello/",
        "/search/?q=hello",
        "/static/css/site.css",
        "/404.html",
    ):
        client.get(url).close()
    opened: list[str] = []
    recording = [True]

    def hook(event: str, args: tuple) -> None:
        if recording[0] and event == "open" and isinstance(args[0], str | bytes | Path):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    yield opened
    recording[0] = False


@pytest.mark.parametrize("url", TRAVERSALS)
def test_path_traversal_gets_404_and_reads_nothing_outside_lessons_and_static(
    client: FlaskClient, audited: list[str], lessons_dir: Path, url: str
) -> None:
    response = client.get(url)
    if response.status_code == 308:  # "//" is merged into "/": follow it, on this site only
        location = response.headers["Location"].removeprefix("http://localhost")
        assert location.startswith("/")
        response = client.get(location)
    assert response.status_code in (400, 404), response.status_code
    assert b"root:" not in response.data and b"[project]" not in response.data
    response.close()
    allowed = (
        str(lessons_dir.resolve()),
        str((PROJECT_ROOT / "static").resolve()),
        str((PROJECT_ROOT / "templates").resolve()),
    )
    outside = [
        path
        for path in audited
        if not path.startswith(allowed)
        and "site-packages" not in path
        and not path.endswith(".pyc")
    ]
    assert outside == []


def test_very_long_urls_and_queries_are_answered_quickly(client: FlaskClient) -> None:
    started = time.perf_counter()
    assert client.get("/" + "a" * 20_000 + "/").status_code == 404
    assert client.get("/basics/" + "b/" * 5_000).status_code == 404
    response = client.get("/search/?q=" + "flask%20" * 20_000)
    assert response.status_code == 200
    assert time.perf_counter() - started < 5


def test_unknown_methods_head_and_options(client: FlaskClient) -> None:
    assert client.open("/basics/hello/", method="BREW").status_code == 405
    assert client.post("/basics/hello/").status_code == 405
    assert client.delete("/").status_code == 405
    head = client.head("/basics/hello/")
    assert head.status_code == 200 and head.data == b""
    options = client.options("/basics/hello/")
    assert options.status_code == 200 and "GET" in options.headers["Allow"]


def test_every_response_has_security_headers(client: FlaskClient) -> None:
    for url in (
        "/",
        "/nope/",
        "/static/css/site.css",
        "/search/meta.json",
        "/media/01-basics/images/diagram.png",
    ):
        response = client.get(url)
        headers = response.headers
        policy = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        response.close()


def test_production_app_has_no_debugger_no_preview_and_sets_no_cookies(
    monkeypatch: pytest.MonkeyPatch, lessons_dir: Path
) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = create_app({"COURSEWARE_LESSONS_DIR": lessons_dir, "COURSEWARE_CACHE_DIR": None})
    assert app.debug is False
    assert (
        app.config["COURSEWARE_PREVIEW"] is False and app.config["COURSEWARE_SHOW_DRAFTS"] is False
    )
    client = app.test_client()
    assert client.get("/_preview/state").status_code == 404
    assert "Set-Cookie" not in client.get("/").headers
    assert b"preview.js" not in client.get("/").data


def test_404_page_escapes_the_requested_path(client: FlaskClient) -> None:
    response = client.get("/%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.data


# -- The request chooses neither the page cache key nor the links of a kept page ------------


def test_script_name_from_a_request_cannot_poison_the_page_cache(client: FlaskClient) -> None:
    # Gunicorn takes SCRIPT_NAME from a request header and strips it from the path: a
    # request for /basics/ with "SCRIPT_NAME: /basics" is served the home page.
    poisoned = client.get("/", environ_overrides={"SCRIPT_NAME": "/basics"})
    assert poisoned.status_code == 200
    assert b'href="/basics/basics/' not in poisoned.data
    chapter = client.get("/basics/")
    assert chapter.status_code == 200
    assert b"<h1>Basics</h1>" in chapter.data
    assert b'href="/basics/basics/' not in chapter.data
    home = client.get("/")
    assert b'href="/basics/hello/"' in home.data


def test_links_of_the_live_server_start_at_the_configured_base_url(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(COURSEWARE_BASE_URL="/course/").test_client()
    for script_name in ("/evil", "", "/course"):
        page = client.get("/basics/hello/", environ_overrides={"SCRIPT_NAME": script_name})
        assert b'href="/course/basics/second/"' in page.data
        assert b"/evil" not in page.data


def test_redirects_do_not_reflect_the_host_header_or_script_name(client: FlaskClient) -> None:
    response = client.get("/basics", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/basics/"
    response = client.get("/basics?x=1", environ_overrides={"SCRIPT_NAME": "/evil"})
    assert response.headers["Location"] == "/basics/?x=1"
    assert b"evil" not in response.data


def test_a_lesson_opened_from_a_search_result_comes_from_the_page_cache(
    make_app: Callable[..., Flask],
) -> None:
    """``?h=words`` is read by site.js only: the lesson is the page kept in memory, while a
    query the server reads (the search page's ``q``) still renders afresh."""
    app = make_app()
    content = app.extensions["courseware"]
    client = app.test_client()
    marked = client.get("/basics/hello/?h=hello")
    assert "/basics/hello/" in content.pages.pages
    assert marked.data == client.get("/basics/hello/").data
    client.get("/search/?q=hello")
    assert not [key for key in content.pages.pages if key.startswith("/search")]
