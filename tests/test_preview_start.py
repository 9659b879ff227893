"""A preview answers before every lesson is rendered: the one asked for first, the rest behind.

The app is made as ``python build.py serve`` makes it (preview on), with the background
rendering asked for explicitly (tests turn it off by default) and an empty render cache.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from flask import Flask

from courseware.course.rendering import Pending
from courseware.web.content import Content

LESSON = "/basics/hello/"


@pytest.fixture
def preview(make_app: Callable[..., Flask], tmp_path: Path) -> Callable[..., Flask]:
    def make(**config: object) -> Flask:
        settings = {
            "COURSEWARE_PREVIEW": True,
            "COURSEWARE_BACKGROUND_RENDER": True,
            "COURSEWARE_CACHE_DIR": tmp_path / "cache",
        }
        settings.update(config)
        return make_app(**settings)

    return make


def test_an_asked_for_lesson_is_rendered_at_once_while_the_rest_wait(
    preview: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list] = []
    monkeypatch.setattr(Content, "_render_in_background", lambda self, items: started.append(items))
    app = preview()
    content = app.extensions["courseware"]
    assert started and len(started[0]) == len(content.index.pending) >= 3
    lessons = [lesson for lesson in content.index.default.lessons]
    assert all(isinstance(lesson.rendered, Pending) for lesson in lessons)
    page = app.test_client().get(LESSON).get_data(as_text=True)
    assert "Hello, <em>world</em>" in page and "being prepared" not in page
    assert "Second steps" in page  # the sidebar names lessons not rendered yet


@pytest.mark.parametrize("workers", [1, 2])
def test_the_whole_index_replaces_the_sketch_when_rendering_ends(
    preview: Callable[..., Flask], write: Callable, workers: int
) -> None:
    write("01-basics/03-broken.md", "---\ntitle: Broken\n---\n\n```pyhton\nx = 1\n```\n")
    app = preview(COURSEWARE_WORKERS=workers)
    content = app.extensions["courseware"]
    assert content.rendering is not None and content.rendering.wait(60)
    assert not content.index.pending
    assert not any(isinstance(lesson.rendered, Pending) for lesson in content.index.default.lessons)
    assert any("pyhton" in d.message for d in content.index.diagnostics)  # the full report
    page = app.test_client().get("/advanced/deep/").get_data(as_text=True)
    assert "Deep section" in page


def test_a_second_start_finds_everything_in_the_cache(preview: Callable[..., Flask]) -> None:
    first = preview().extensions["courseware"]
    assert first.rendering is not None and first.rendering.wait(60)
    second = preview().extensions["courseware"]
    assert second.rendering is None and not second.index.pending


def test_tests_and_builds_load_the_whole_index(make_app: Callable[..., Flask]) -> None:
    content = make_app(COURSEWARE_PREVIEW=True).extensions["courseware"]
    assert content.rendering is None and not content.index.pending


def test_flask_run_answers_at_once_and_keeps_pages_only_once_everything_is_rendered(
    make_app: Callable[..., Flask], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``flask --app courseware run`` (no preview) renders in the background too; its page
    cache keeps no page made while lessons were pending (their sidebars lack reading times)."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    settings = {"TESTING": False, "COURSEWARE_CACHE_DIR": tmp_path / "cache"}
    # Without the run command's context (another flask command, or a process one started,
    # which inherits the variable), the whole index is loaded first.
    outside = make_app(TESTING=False, COURSEWARE_CACHE_DIR=None).extensions["courseware"]
    assert outside.rendering is None and not outside.index.pending
    run = click.Context(click.Command("run"))
    with monkeypatch.context() as held, run:  # the background rendering never gets anywhere
        held.setattr(Content, "_render_in_background", lambda self, items: None)
        content = make_app(**settings).extensions["courseware"]
        assert content.keep_pages and content.index.pending
        early = content.app.test_client().get(LESSON)
        assert "Hello, <em>world</em>" in early.get_data(as_text=True)
        assert LESSON not in content.pages.pages

    with run:
        content = make_app(**settings, COURSEWARE_WORKERS=2).extensions["courseware"]
    assert content.rendering is not None and content.rendering.wait(60)
    assert not content.index.pending
    content.app.test_client().get(LESSON)
    assert LESSON in content.pages.pages


def test_builds_never_render_in_the_background(
    lessons_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from courseware.build.freeze import site_app

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # a build started from a flask command
    content = site_app(lessons_dir, extra={"COURSEWARE_CACHE_DIR": None}).extensions["courseware"]
    assert content.rendering is None and not content.index.pending


def test_a_tab_asking_whether_anything_changed_hears_of_a_save_at_once(
    make_app: Callable[..., Flask], write: Callable
) -> None:
    """``/_preview/state?known=FP`` is held open until the lessons differ from FP, so a tab
    reloads right after a save instead of at its next poll; a stale FP is answered at once."""
    client = make_app(COURSEWARE_PREVIEW=True).test_client()
    known = client.get("/_preview/state").get_json()["fingerprint"]
    started = time.monotonic()
    assert client.get("/_preview/state?known=stale").get_json()["fingerprint"] == known
    assert time.monotonic() - started < 1

    saver = threading.Timer(0.6, write, ("01-basics/01-hello.md", "---\ntitle: Hi\n---\n\nNew.\n"))
    saver.start()
    started = time.monotonic()
    answer = client.get(f"/_preview/state?known={known}").get_json()
    waited = time.monotonic() - started
    saver.join()
    assert answer["fingerprint"] != known
    assert 0.5 < waited < 5  # held until the save, answered soon after it
