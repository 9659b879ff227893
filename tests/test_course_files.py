"""Files of the course as a whole: its home text (lessons/index.md) and its own stylesheet."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from courseware.config import PROJECT_ROOT
from courseware.course.loader import load_index
from courseware.web.sitepages import site_pages


def test_index_md_is_shown_on_the_home_page_above_the_chapters(
    write: Callable, lessons_dir: Path, make_app: Callable[..., Flask]
) -> None:
    write("index.md", "Welcome to *this* course. Start with [Hello](01-basics/01-hello.md).\n")
    write("_import/notes.md", "Leftovers of an import.\n")
    index = load_index(lessons_dir)
    assert index.diagnostics == ()
    page = make_app().test_client().get("/").get_data(as_text=True)
    text = '<div class="prose home-text"><p>Welcome to <em>this</em> course.'
    assert text in page
    assert page.index(text) < page.index('<ol class="chapter-cards">')
    assert 'href="/basics/hello/">Hello</a>' in page


def test_index_md_may_have_front_matter_and_other_top_level_files_are_still_errors(
    write: Callable, lessons_dir: Path, make_app: Callable[..., Flask]
) -> None:
    write("index.md", "---\ntitle: Home\n---\n\nHello from the front page.\n")
    write("stray.md", "---\ntitle: Stray\n---\n")
    (problem,) = load_index(lessons_dir).diagnostics
    assert str(problem).startswith("lessons/stray.md: lesson file outside a chapter")
    page = make_app().test_client().get("/").get_data(as_text=True)
    assert "<p>Hello from the front page." in page and "title: Home" not in page


def test_without_index_md_the_home_page_has_no_home_text(client: FlaskClient) -> None:
    assert "home-text" not in client.get("/").get_data(as_text=True)


def test_extra_css_is_served_and_linked_after_the_site_css_on_every_page(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("extra.css", ".brand { color: rebeccapurple; }\n")
    app = make_app()
    client = app.test_client()
    for address in ("/", "/basics/", "/basics/hello/", "/search/"):
        page = client.get(address).get_data(as_text=True)
        link = '<link rel="stylesheet" href="/media/extra.css">'
        assert link in page, address
        assert page.index("css/site.css") < page.index(link)
        if "css/pages.css" in page:
            assert page.index("css/pages.css") < page.index(link)
    with client.get("/media/extra.css") as response:
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert b"rebeccapurple" in response.data
    assert "/media/extra.css" in {page.url for page in site_pages(app)}


def test_without_extra_css_nothing_is_linked(client: FlaskClient) -> None:
    assert "extra.css" not in client.get("/").get_data(as_text=True)
    assert client.get("/media/extra.css").status_code == 404


def test_a_translation_has_its_own_home_text_or_the_originals(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("course.yml", "title: T\nlanguages:\n  en: English\n  es: Español\n  fr: Français\n")
    write("index.md", "Welcome.\n")
    write("_translations/es/index.md", "Bienvenida.\n")
    write("_translations/es/01-basics/chapter.yml", "title: Lo básico\n")
    write("_translations/fr/01-basics/chapter.yml", "title: Les bases\n")
    client = make_app().test_client()
    assert "<p>Bienvenida." in client.get("/es/").get_data(as_text=True)
    french = client.get("/fr/").get_data(as_text=True)
    assert '<div class="prose home-text" lang="en"><p>Welcome.' in french


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    """Templates compiled by one app are reused by the next from the cache folder, and a
    template changed in between shows its new text (Jinja checks each entry's source)."""
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    cache = tmp_path / "cache"

    def home() -> str:
        app = make_app(COURSEWARE_CACHE_DIR=cache, COURSEWARE_TEMPLATES_DIR=templates)
        return app.test_client().get("/").get_data(as_text=True)

    first = home()
    assert list((cache / "templates").glob("*/__jinja2_*.cache")), "compiled templates kept"
    assert "Compiled-again marker" not in first
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n<!-- Compiled-again marker -->\n")
    assert "Compiled-again marker" in home()
