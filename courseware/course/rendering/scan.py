"""Line-level scanning of Markdown that knows which lines are inside fenced code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Finding:
    """A mistake on a line of the body (0-based index), with its 1-based column when known."""

    index: int
    message: str
    column: int = 0
    warning: bool = False


@dataclass(frozen=True)
class Fence:
    """A fenced code block: where it starts and ends (0-based line indexes) and its language."""

    start: int
    end: int  #: index of the closing line, or ``len(lines)`` when never closed
    indent: str
    info: str

    @property
    def lang(self) -> str:
        word = self.info.strip().split(" ", 1)[0] if self.info.strip() else ""
        if "=" in word and not word.startswith("{"):  # ``` hl_lines="2": options, no language
            return ""
        return word.lstrip(".{").rstrip("}").lower()


def iter_fences(lines: list[str]) -> Iterator[Fence]:
    """Yield the outermost fenced code blocks, so a fence shown inside another is skipped."""
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        match = FENCE_OPEN.match(line) if "```" in line or "~~~" in line else None
        if not match:
            index += 1
            continue
        fence = match["fence"]
        # a fence four or more columns further in than the opening one is text of the code
        # (an example showing a nested block), as the renderer reads it
        deepest = len(match["indent"].expandtabs(4)) + 3
        closing = re.compile(rf"^[ \t]{{0,{deepest}}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = index + 1
        while end < count and not closing.match(lines[end].expandtabs(4)):
            end += 1
        yield Fence(index, end, match["indent"], match["info"])
        index = end + 1


def code_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that belong to fenced code blocks (fence lines included)."""
    inside: set[int] = set()
    for fence in iter_fences(lines):
        inside.update(range(fence.start, min(fence.end, len(lines) - 1) + 1))
    return inside
