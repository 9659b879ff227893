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

SECRET = "the builder's private key"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of whoever builds or serves the course, outside the course folder."""
    file = tmp_path / "home" / "id_key.txt"
    file.parent.mkdir()
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
