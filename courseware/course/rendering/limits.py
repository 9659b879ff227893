"""Limits that keep one lesson from taking the renderer down, checked before Markdown runs.

Python-Markdown is quadratic on some lines (a 4,000-character run of ``[[a`` takes seconds,
100,000 characters never finish) and recursive on nesting (500 nested list items raise
RecursionError). Lines past these limits are reported as ``file:line`` errors and the lesson
is not rendered; what gets through still runs under a time budget (:func:`time_budget`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .scan import code_lines

#: The longest line a lesson may have, in characters.
MAX_LINE = 10_000
#: The most ``[`` a line outside code may have (links, images, glossary references).
MAX_BRACKETS = 256
#: The deepest nesting of lists, admonitions and quotes (four columns of indentation, or one
#: ``>``, are one level).
MAX_DEPTH = 100
#: CPU seconds one lesson may take to render.
RENDER_SECONDS = 20.0


def source_problems(lines: list[str]) -> list[tuple[int, str]]:
    """``(0-based line, message)`` for the first line past each limit."""
    found: dict[str, tuple[int, str]] = {}
    code: set[int] | None = None
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE:
            found.setdefault(
                "length",
                (
                    index,
                    f"this line is {len(line):,} characters long; the limit is {MAX_LINE:,}: "
                    "break it into shorter lines",
                ),
            )
            continue
        brackets = line.count("[")
        levels = depth(line)
        if brackets <= MAX_BRACKETS and levels <= MAX_DEPTH:
            continue
        if code is None:
            code = code_lines(lines)
        if index in code:
            continue  # code is not parsed as Markdown
        if brackets > MAX_BRACKETS:
            found.setdefault(
                "brackets",
                (
                    index,
                    f"this line has {brackets:,} '[' brackets; the limit is {MAX_BRACKETS}: "
                    "write brackets that are not links inside `code`, or split the line",
                ),
            )
        else:
            found.setdefault(
                "depth",
                (
                    index,
                    f"this line is nested {levels} levels deep (lists, blocks or quotes); "
                    f"the limit is {MAX_DEPTH}",
                ),
            )
    return sorted(found.values())


def depth(line: str) -> int:
    """Levels of indentation and ``>`` quote markers at the start of a line."""
    columns = quotes = 0
    after_quote = False
    for char in line:
        if char == ">":
            quotes += 1
            after_quote = True
            continue
        if char == " " and after_quote:
            after_quote = False  # the space that belongs to the marker
        elif char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
        after_quote = False
    return columns // 4 + quotes


class RenderTimeout(Exception):
    """Rendering a lesson took longer than :data:`RENDER_SECONDS` of CPU time."""


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in the block after ``seconds`` (default
    :data:`RENDER_SECONDS`) of CPU time.

    Uses a CPU-time interval timer, so it works only in the main thread (the build, the
    render workers, ``gunicorn --preload``); elsewhere (a preview reload in a server thread)
    the block runs without a budget.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds or RENDER_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
