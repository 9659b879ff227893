"""The instructor's preview in a real browser: edits show up without touching the browser."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from werkzeug.serving import make_server

from courseware import create_app
from courseware.web.content import CHECK_INTERVAL

from .support import free_port


@pytest.fixture
def preview(lessons_dir: Path) -> Iterator[str]:
    app = create_app(
        {
            "COURSEWARE_LESSONS_DIR": lessons_dir,
            "COURSEWARE_CACHE_DIR": None,
            "COURSEWARE_PREVIEW": True,
            "COURSEWARE_SHOW_DRAFTS": True,
        }
    )
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_saving_a_lesson_refreshes_the_open_tab(preview: str, page: Page, write: Callable) -> None:
    page.goto(preview + "basics/second/")
    expect(page.locator("h2#walking")).to_be_visible()
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running now\n\nFaster.\n")
    expect(page.locator("h2#running-now")).to_be_visible(timeout=10_000)


def test_a_save_before_the_first_poll_still_refreshes(
    preview: str, page: Page, write: Callable
) -> None:
    """The tab compares with the lessons it was made from, not with its first poll's answer."""
    saved = []

    def save_then_answer(route: Route) -> None:
        if not saved:
            write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Early\n\nSoon.\n")
            saved.append(True)
            time.sleep(CHECK_INTERVAL + 0.1)  # so this very poll sees the saved file
        route.continue_()

    page.route("**/_preview/state*", save_then_answer)
    page.goto(preview + "basics/second/")
    expect(page.locator("h2#early")).to_be_visible(timeout=10_000)


def test_a_tab_that_reloads_asks_the_server_nothing_more_from_the_old_page(
    preview: str, page: Page, write: Callable
) -> None:
    """Each question is held open on the server until the lessons change: one asked by the
    page being replaced would keep a server thread busy for nothing."""
    page.goto(preview + "basics/second/")
    expect(page.locator("h2#walking")).to_be_visible()
    page.wait_for_timeout(300)  # the tab's question is open
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    def slow_page(route: Route) -> None:
        time.sleep(0.5)  # the old page lives on a while, as on a slow machine
        route.continue_()

    page.route("**/basics/second/", slow_page)
    write("01-basics/02-second.md", "---\ntitle: Second steps\n---\n\n## Running now\n\nOk.\n")
    expect(page.locator("h2#running-now")).to_be_visible(timeout=10_000)
    page.wait_for_timeout(500)
    known = page.locator("script[data-fingerprint]").get_attribute("data-fingerprint")
    questions = [url for url in asked if "_preview/state" in url and f"known={known}" in url]
    assert len(questions) == 1, asked  # the new page's, and none from the old one


def test_a_draft_shows_its_badge_and_a_broken_lesson_its_error(
    preview: str, page: Page, write: Callable
) -> None:
    write("01-basics/03-draft.md", "---\ntitle: Not yet\ndraft: true\n---\n\nSoon.\n")
    write("01-basics/04-broken.md", "---\ntitle: Broken\nminutes: [1\n---\n\nText.\n")
    page.goto(preview + "basics/draft/")
    expect(page.locator("h1 .badge-draft")).to_have_text("Draft")
    page.goto(preview + "basics/broken/")
    expect(page.locator(".problem-list")).to_contain_text("lessons/01-basics/04-broken.md:3:")
    page.goto(preview + "basics/hello/")
    expect(page.locator(".preview-banner")).to_contain_text("problem")
