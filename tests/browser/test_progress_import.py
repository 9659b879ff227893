"""Importing a progress file: checked whole before anything changes, saved whole or not at all,
and the message says what really happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import Site

STORED = "() => localStorage.getItem('courseware:v1:' + document.documentElement.dataset.course)"


@pytest.fixture
def home(live_site: Site, page: Page) -> Page:
    """The course home with the first lesson marked as done."""
    lesson = live_site.index.default.lessons[0]
    page.goto(live_site.url(lesson.path))
    page.locator(".complete-toggle").click()
    expect(page.locator(".complete-toggle")).to_have_attribute("aria-pressed", "true")
    page.goto(live_site.url())
    expect(page.locator(".progress-summary")).to_contain_text("You have completed 1 /")
    return page


def _import(page: Page, tmp_path: Path, data: object | str) -> None:
    file = tmp_path / "progress.json"
    file.write_text(data if isinstance(data, str) else json.dumps(data))
    page.locator(".progress-import").set_input_files(str(file))


def _progress(keys: list[str], **extra: object) -> dict:
    lessons = {key: {"done": True, "updated": 1} for key in keys}
    return {"version": 1, "lessons": lessons, **extra}


@pytest.mark.parametrize(
    "bad",
    [
        "too many lessons",
        "an unknown key",
        "one bad entry",
        "a bad lesson address",
        "a quiz that is not a pass",
        "not JSON",
    ],
)
def test_a_malformed_progress_file_changes_nothing(
    live_site: Site, home: Page, tmp_path: Path, bad: str
) -> None:
    keys = [lesson.key for lesson in live_site.index.default.lessons[1:3]]
    data: object | str = {
        "too many lessons": _progress(keys + [f"c/l{i}/" for i in range(5001)]),
        "an unknown key": _progress(keys, settings={"theme": "dark"}),
        "one bad entry": _progress(keys, lessons={keys[0]: {"done": True}, keys[1]: {"done": 1}}),
        "a bad lesson address": _progress([*keys, "../../x"]),
        "a quiz that is not a pass": _progress(keys, quizzes={f"{keys[0]}#1": "<script>"}),
        "not JSON": '{"version": 1, "lessons": {',
    }[bad]
    before = home.evaluate(STORED)
    _import(home, tmp_path, data)
    expect(home.locator(".progress-message")).to_contain_text("nothing was changed")
    assert home.evaluate(STORED) == before
    expect(home.locator(".progress-summary")).to_contain_text("You have completed 1 /")


def test_a_file_too_big_to_be_progress_is_refused_unread(home: Page, tmp_path: Path) -> None:
    _import(home, tmp_path, " " * (3 * 1024 * 1024) + "{}")
    expect(home.locator(".progress-message")).to_contain_text("too big")
    expect(home.locator(".progress-summary")).to_contain_text("You have completed 1 /")


def test_an_import_the_browser_cannot_save_is_not_reported_as_done(
    live_site: Site, home: Page, tmp_path: Path
) -> None:
    keys = [lesson.key for lesson in live_site.index.default.lessons[1:3]]
    home.evaluate("() => { Storage.prototype.setItem = () => { throw new Error('full'); }; }")
    _import(home, tmp_path, _progress(keys))
    expect(home.locator(".progress-message")).to_contain_text("did not let the course save")
    expect(home.locator(".progress-summary")).to_contain_text("You have completed 1 /")
    assert sorted(home.evaluate("() => Object.keys(window.courseware.progress().lessons)")) == [
        live_site.index.default.lessons[0].key
    ]


def test_a_valid_file_is_merged_and_saved(live_site: Site, home: Page, tmp_path: Path) -> None:
    keys = [lesson.key for lesson in live_site.index.default.lessons[1:3]]
    _import(home, tmp_path, _progress(keys, quizzes={f"{keys[0]}#1": True}, last=keys[1]))
    expect(home.locator(".progress-message")).to_contain_text("Progress imported")
    expect(home.locator(".progress-summary")).to_contain_text("You have completed 3 /")
    stored = json.loads(home.evaluate(STORED))
    assert set(stored["lessons"]) == {live_site.index.default.lessons[0].key, *keys}
    assert stored["quizzes"] == {f"{keys[0]}#1": True}
