"""What a course from the internet, a careless instructor or a hostile visitor tried, and
what the engine does about it (one test per attack that once worked)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from courseware.cli import main
from courseware.config import PROJECT_ROOT
from courseware.course.loader import load_index

SECRET = "the builder's private key"


@pytest.fixture
def client_for(make_app: Callable[..., Flask]) -> Callable[..., object]:
    """A test client of the test course, made after the test has written its files."""
    return lambda **config: make_app(**config).test_client()


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file of whoever builds or serves the course, outside the course folder."""
    file = tmp_path_factory.mktemp("home") / "id_key.txt"
    file.write_text(SECRET)
    return file


def _course_with_static(lessons_dir: Path, make: Callable[[Path], None]) -> Path:
    course = lessons_dir.parent
    (course / "static").mkdir(exist_ok=True)
    make(course / "static")
    return course


@pytest.mark.parametrize(
    ("link", "url"),
    [("key.txt", "/static/key.txt"), ("css/home", "/static/css/home/id_key.txt")],
)
def test_course_static_links_out_of_the_course_are_not_served(
    lessons_dir: Path, make_app: Callable[..., Flask], secret: Path, link: str, url: str
) -> None:
    def make(static: Path) -> None:
        (static / link).parent.mkdir(parents=True, exist_ok=True)
        (static / link).symlink_to(secret if link.endswith(".txt") else secret.parent)
        (static / "own.txt").write_text("a file of the course")

    course = _course_with_static(lessons_dir, make)
    client = make_app(COURSEWARE_COURSE_DIR=course).test_client()
    with client.get("/static/own.txt") as own:
        assert own.data == b"a file of the course"
    with client.get(url) as response:
        assert response.status_code == 404
        assert SECRET.encode() not in response.data


def test_a_course_static_folder_that_is_a_link_out_of_the_course_is_not_served(
    lessons_dir: Path, make_app: Callable[..., Flask], secret: Path
) -> None:
    (lessons_dir.parent / "static").symlink_to(secret.parent)
    client = make_app(COURSEWARE_COURSE_DIR=lessons_dir.parent).test_client()
    with client.get("/static/id_key.txt") as response:
        assert response.status_code == 404
        assert SECRET.encode() not in response.data


@pytest.mark.parametrize("command", [[], ["check"]])
def test_check_and_build_report_course_static_links_out_and_publish_nothing(
    lessons_dir: Path,
    tmp_path: Path,
    secret: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    course = _course_with_static(
        lessons_dir, lambda static: (static / "key.txt").symlink_to(secret)
    )
    monkeypatch.chdir(course)
    monkeypatch.setenv("FLASK_COURSEWARE_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["-o", str(tmp_path / "out" / "site"), *command])
    assert result.exit_code == 1
    assert "static/key.txt: this is a link to a file outside static/" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "site").exists()
    assert os.path.islink(course / "static" / "key.txt")


# -- Files published from lessons/ are never pages of the course's origin -------------------

PAGE = '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
#: Each of these runs its script as a page of the site that serves it (Chromium ran them
#: from a static server: .xht as XHTML, .shtml as HTML, .atom as XML with an XHTML script).
PAGES = ["demo.xht", "demo.shtml", "feed.atom", "demo.xsl", "feed.rss", "map.kml"]


@pytest.mark.parametrize("name", PAGES)
def test_links_to_every_kind_of_page_are_errors(
    write: Callable, lessons_dir: Path, name: str
) -> None:
    write(f"01-basics/{name}", PAGE)
    write("01-basics/09-links.md", f"---\ntitle: Links\n---\n\nSee [it]({name}).\n")
    found = [str(d) for d in load_index(lessons_dir).diagnostics]
    assert any(
        m.startswith(f"lessons/01-basics/09-links.md:5: '{name}' links to an HTML/JS file")
        for m in found
    ), found


@pytest.mark.parametrize("name", ["demo.html", "demo.HTM", "demo.xhtml", "data.xml", "demo.xht"])
def test_an_image_that_is_a_page_is_an_error(write: Callable, lessons_dir: Path, name: str) -> None:
    # Only SVG images were looked at: ![x](demo.html) published the page under /media/.
    write(f"01-basics/{name}", PAGE)
    write("01-basics/09-images.md", f"---\ntitle: Images\n---\n\n![A picture]({name})\n")
    found = [str(d) for d in load_index(lessons_dir).diagnostics]
    assert any(
        m.startswith(f"lessons/01-basics/09-images.md:5: the image '{name}' is not an image")
        for m in found
    ), found


def test_the_live_server_sends_every_kind_of_page_as_a_sandboxed_download(
    write: Callable, make_app: Callable[..., Flask]
) -> None:
    write("01-basics/feed.atom", PAGE)
    write("01-basics/09-links.md", "---\ntitle: Links\n---\n\n[feed](feed.atom)\n")
    client = make_app().test_client()
    with client.get("/media/01-basics/feed.atom") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["Content-Security-Policy"].startswith("sandbox;")


# -- Nothing on a page needs what the Content-Security-Policy forbids ------------------------


def test_table_alignment_needs_no_style_attribute(write: Callable, client_for: Callable) -> None:
    # ``style-src 'self'`` blocks style attributes: aligned columns were silently left-aligned.
    write(
        "01-basics/09-table.md",
        "---\ntitle: Table\n---\n\n| name | price |\n|:-----|------:|\n| tea | 3 |\n",
    )
    page = client_for().get("/basics/table/").get_data(as_text=True)
    assert "style=" not in page
    assert '<th align="right">price' in page and '<td align="right">3' in page
    css = (PROJECT_ROOT / "static/css/site.css").read_text()
    assert '.prose [align="right"]' in css and '.prose [align="center"]' in css


def test_a_course_static_folder_linked_to_another_folder_of_the_course_is_served(
    lessons_dir: Path, make_app: Callable[..., Flask]
) -> None:
    course = lessons_dir.parent
    (course / "theme" / "static").mkdir(parents=True)
    (course / "theme" / "static" / "logo.txt").write_text("the course's logo")
    (course / "static").symlink_to(course / "theme" / "static")
    with make_app(COURSEWARE_COURSE_DIR=course).test_client().get("/static/logo.txt") as logo:
        assert logo.data == b"the course's logo"
    app = make_app(COURSEWARE_COURSE_DIR=course)
    from courseware.web.urls import static_links_out

    assert static_links_out(app) == []
