"""Code fences that Markdown would show wrong without a word: never closed, closed at another
indentation, a language the highlighter does not know, a heading hidden in a quiz.

Pure functions over the body's lines; no I/O.
"""

from __future__ import annotations

import re
from functools import cache

from ..keys import did_you_mean
from .scan import Fence, Finding

#: Fence languages that are ours, not Pygments'.
OWN_LANGUAGES = frozenset({"", "quiz", "check", "text", "plain", "none", "output"})
QUIZ_HEADING = re.compile(r"^\s*#{2,6}\s+\S")


def _indent(line: str) -> int:
    line = line.expandtabs(4)
    return len(line) - len(line.lstrip(" "))


def _marks(line: str) -> str:
    stripped = line.strip()
    return stripped[: len(stripped) - len(stripped.lstrip(stripped[:1]))]


def check_fence(lines: list[str], fence: Fence, first_line: int = 1) -> list[Finding]:
    """The mistakes of one fenced block; ``first_line`` is the body's first line in the file."""
    found: list[Finding] = []
    indent = _indent(lines[fence.start])
    marks = _marks(lines[fence.start])
    if fence.end >= len(lines):
        if fence.lang != "quiz":  # the quiz reports its own
            found.append(
                Finding(
                    fence.start,
                    f"this code block is never closed, so its {marks} and everything after it "
                    f"show as text; add a line {marks} after the code",
                    indent + 1,
                )
            )
        return found
    closing_indent = _indent(lines[fence.end])
    if closing_indent != indent:
        found.append(
            Finding(
                fence.end,
                f"this closing {lines[fence.end].strip()} is indented by {closing_indent} spaces "
                f"and its opening line ({first_line + fence.start}) by {indent}, so the code "
                "block never closes; indent both alike",
                closing_indent + 1,
            )
        )
    if fence.lang == "quiz":
        for index in range(fence.start + 1, fence.end):
            if QUIZ_HEADING.match(lines[index]):
                found.append(
                    Finding(
                        index,
                        "a heading inside a quiz is a YAML comment, so learners never see it; "
                        "move it above the ```quiz line",
                        _indent(lines[index]) + 1,
                        warning=True,
                    )
                )
    elif fence.lang not in OWN_LANGUAGES and fence.lang not in languages():
        guess = did_you_mean(fence.lang, languages())
        found.append(
            Finding(
                fence.start,
                f"'{fence.lang}' is not a language the highlighter knows, so the code shows "
                "uncoloured"
                + (f": did you mean '{guess}'?" if guess else "; see pygments.org/languages"),
                indent + len(marks) + 1,
                warning=True,
            )
        )
    return found


@cache
def languages() -> frozenset[str]:
    """Every name Pygments knows a language by."""
    from pygments.lexers import get_all_lexers

    return frozenset(
        alias.lower() for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases
    )
