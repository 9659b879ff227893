"""The live site: pages, navigation, media, 404s and preview reloading."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient


def text(response) -> str:  # noqa: ANN001
    return response.get_data(as_text=True)


def test_home_lists_chapters_in_order_with_their_lessons(client: FlaskClient) -> None:
    page = text(client.get("/"))
    assert page.index("Basics") < page.index("Advanced")
    assert page.index("Hello") < page.index("Second steps") < page.index("Deep dive")
    assert "The very first lesson." in page
    assert 'href="/basics/hello/"' in page


def test_chapter_page_lists_its_lessons(client: FlaskClient) -> None:
    page = text(client.get("/basics/"))
    assert "<h1>Basics</h1>" in page
    assert (
        "Hello" in page and "Second steps" in page and "Deep dive" not in page.split("</main>")[0]
    )


def test_lesson_renders_code_admonitions_and_table_of_contents(client: FlaskClient) -> None:
    response = client.get("/basics/hello/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Hello" in page
    assert '<span class="filename">hello.py</span>' in page
    assert '<span class="k">def</span>' in page
    assert 'class="admonition note"' in page
    assert '<aside class="toc"' in page and 'href="#greeting-section"' in page
    assert "Say hello." in page and "Hello is polite." in page
    assert 'href="/advanced/deep/#deep-section"' in page  # the .md link, rewritten


def test_sidebar_marks_the_current_lesson(client: FlaskClient) -> None:
    page = text(client.get("/basics/second/"))
    assert '<a href="/basics/second/" aria-current="page">' in page


def test_breadcrumbs_and_previous_next_cross_chapters(client: FlaskClient) -> None:
    page = text(client.get("/basics/second/"))
    assert 'rel="prev" href="/basics/hello/"' in page
    assert 'rel="next" href="/advanced/deep/"' in page
    assert 'aria-label="Breadcrumb"' in page
    last = text(client.get("/advanced/deep/"))
    assert 'rel="prev" href="/basics/second/"' in last and 'rel="next"' not in last


def test_instructor_notes_never_reach_learner_pages(client: FlaskClient) -> None:
    page = text(client.get("/advanced/deep/"))
    assert "Secret teaching note" not in page
    assert 'class="exercise"' in page and 'class="quiz"' in page


@pytest.mark.parametrize(
    "url",
    ["/nope/", "/basics/nope/", "/nope/hello/", "/media/01-basics/missing.png", "/basics/hello/x/"],
)
def test_unknown_addresses_give_a_helpful_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert 'href="/basics/"' in text(response)  # the chapter list helps the reader on


def test_media_serves_lesson_images_only(client: FlaskClient) -> None:
    with client.get("/media/01-basics/images/diagram.png") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
    assert client.get("/media/01-basics/01-hello.md").status_code == 404
    assert client.get("/media/course.yml").status_code == 404


def test_missing_trailing_slash_redirects(client: FlaskClient) -> None:
    response = client.get("/basics/hello")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/basics/hello/")


def test_highlight_stylesheet_has_light_and_dark_colours(client: FlaskClient) -> None:
    css = text(client.get("/theme/highlight.css"))
    assert css.startswith(".highlight{") and css.endswith("}}\n")  # one rule, nested
    assert "}.fm,.nf{color:light-dark(#00f,#d2a8ff)}" in css


def test_a_new_lesson_file_appears_without_code_changes(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("02-advanced/02-extra.md", "---\ntitle: Brand new\n---\n\n## Fresh\n\nNew text.\n")
    client = make_app().test_client()
    assert "Brand new" in text(client.get("/"))
    assert "New text." in text(client.get("/advanced/extra/"))


def test_editing_a_lesson_in_debug_mode_shows_on_the_next_request(
    write: Callable, make_app: Callable[..., Flask], lessons_dir: Path
) -> None:
    client = make_app(COURSEWARE_PREVIEW=True).test_client()
    assert "Walking" in text(client.get("/basics/second/"))
    time.sleep(0.3)  # past the preview's file-check interval
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running\n\nFaster now.\n")
    page = text(client.get("/basics/second/"))
    assert "Running" in page and "Walking" not in page


def test_production_does_not_reload_or_expose_preview(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    client = make_app().test_client()
    assert client.get("/_preview/state").status_code == 404
    time.sleep(0.3)
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running\n")
    assert "Walking" in text(client.get("/basics/second/"))


def test_broken_lesson_shows_an_error_page_in_preview_while_others_work(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/03-broken.md", "---\ntitle: [unclosed\n---\nText\n")
    client = make_app(COURSEWARE_PREVIEW=True, COURSEWARE_SHOW_DRAFTS=True).test_client()
    response = client.get("/basics/broken/")
    assert response.status_code == 500
    assert "lessons/01-basics/03-broken.md:2:" in text(response)
    assert client.get("/basics/hello/").status_code == 200
    assert "problem in the lessons" in text(client.get("/"))


def test_security_headers_are_sent(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_search_page_renders_results_on_the_server(client: FlaskClient) -> None:
    page = text(client.get("/search/?q=polite"))
    assert "1 lesson matches" in page
    # found in its key points; the words searched for go along, to be marked on the lesson
    assert 'href="/basics/hello/?h=polite#greeting-section"' in page
    page = text(client.get("/search/?q=lessons"))
    assert 'href="/basics/second/?h=lessons#walking"' in page and "<mark>lesson</mark>" in page


def test_search_query_is_escaped(client: FlaskClient) -> None:
    page = text(client.get("/search/?q=<script>alert(1)</script>"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_search_index_files_are_served(client: FlaskClient) -> None:
    meta = client.get("/search/meta.json").get_json()
    assert meta["lessons"] == 3 and meta["docs"] >= 3
    assert client.get(f"/search/t/{meta['shards'][0]}.json").status_code == 200
    assert client.get("/search/l/0.json").get_json()["u"] == "basics/hello/"
    assert client.get("/search/t/zz-.json").status_code == 404
    assert client.get("/search/l/99.json").status_code == 404


def test_our_css_and_javascript_are_served_minified_and_cacheable(client: FlaskClient) -> None:
    source = Path("static/css/site.css").read_text()
    response = client.get("/static/css/site.css?v=1")
    assert response.mimetype == "text/css"
    assert len(response.data) < len(source.encode()) * 0.95
    assert "/*" not in response.get_data(as_text=True)
    assert "immutable" in response.headers["Cache-Control"]
    script = client.get("/static/js/site.js")
    assert script.mimetype == "text/javascript" and b"\n  " not in script.data
    assert client.get("/static/../courseware/__init__.py").status_code == 404


def test_pages_are_kept_in_memory_with_an_etag(app: Flask, client: FlaskClient) -> None:
    first = client.get("/basics/hello/")
    etag = first.headers["ETag"]
    assert app.extensions["courseware"].pages.get("/basics/hello/") is not None
    again = client.get("/basics/hello/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/basics/hello/").get_data() == first.get_data()


def test_preview_never_keeps_pages(make_app: Callable[..., Flask]) -> None:
    app = make_app(COURSEWARE_PREVIEW=True)
    app.test_client().get("/basics/hello/")
    assert app.extensions["courseware"].pages.get("/basics/hello/") is None
