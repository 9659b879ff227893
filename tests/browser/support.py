"""Helpers shared by the browser tests."""

from __future__ import annotations

import socket
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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


def find_lesson(index: ContentIndex, *, quiz: bool = False, hints: int = 0) -> Lesson:
    """A lesson of the real course with the features a test needs."""
    for lesson in index.default.lessons:
        rendered = lesson.rendered
        if rendered is None or (quiz and not rendered.quizzes):
            continue
        if hints and not any(e.hints >= hints and e.has_solution for e in rendered.exercises):
            continue
        return lesson
    raise LookupError("no lesson in the course has the features this test needs")
