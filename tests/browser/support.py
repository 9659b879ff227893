"""Helpers shared by the browser tests."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

from courseware.course.model import ContentIndex, Lesson


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@dataclass(frozen=True)
class Site:
    """A running copy of the course: its base URL and what it contains."""

    name: str
    base: str  #: ends with "/"
    index: ContentIndex
    folder: Path | None = None  #: where a static site's files are, to open them from disk

    def url(self, path: str = "") -> str:
        return self.base + path


def find_lesson(
    index: ContentIndex, *, quiz: bool = False, hints: int = 0, checks: bool | None = None
) -> Lesson:
    """A lesson of the real course with the features a test needs (``checks``: whether it
    has graded exercises; None: either)."""
    for lesson in index.default.lessons:
        rendered = lesson.rendered
        if rendered is None or (quiz and not rendered.quizzes):
            continue
        if checks is not None and ("exercise-check" in rendered.html) != checks:
            continue
        if hints and not any(e.hints >= hints and e.has_solution for e in rendered.exercises):
            continue
        return lesson
    raise LookupError("no lesson in the course has the features this test needs")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]

#: Screen sizes the layout tests run at: a phone and a laptop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


#: Resolves after two frames have been drawn and their callbacks have run.
SETTLE = (
    "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame("
    "() => setTimeout(done, 50))))"
)


def axe_problems(page: Page) -> list[str]:
    """What axe finds on the page as it is now (WCAG 2.2 AA, target size included)."""
    from importlib.resources import files

    # Let the page settle first: observers (the header's "scrolled" state) report a frame or
    # two after a scroll, and on a busy machine axe could measure the layout in between.
    page.evaluate(SETTLE)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate((files("axe_playwright_python") / "axe.min.js").read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "rules: {'target-size': {enabled: true}}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def watched_page(context: BrowserContext) -> Iterator[Page]:
    """A page of ``context`` whose JavaScript errors fail the test (for fixtures to yield from)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors: {errors}"
