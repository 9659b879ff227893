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
#: ``error`` is the Carpentries' class for an error a command prints.
OWN_LANGUAGES = frozenset({"", "quiz", "check", "text", "plain", "none", "output", "error"})
QUIZ_HEADING = re.compile(r"^\s*#{2,6}\s+\S")
#: Options a fence may carry after its language: the highlighter's, and ``norun`` (ours).
FENCE_OPTIONS = frozenset({"title", "hl_lines", "linenums", "norun"})
OPTION = re.compile(r"""\s*(?P<key>[A-Za-z][\w-]*)=(?:"[^"]*"|'[^']*')|\s*(?P<word>run)\b""")


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
    elif (options := _unknown_options(fence)) is not None:
        found.append(
            Finding(
                fence.start,
                f"this code block's options '{options}' are not understood, so the whole block "
                'shows as one line of text; write them as key="value" with '
                + ", ".join(sorted(FENCE_OPTIONS))
                + ", or the word run",
                indent + len(marks) + 1,
            )
        )
    if fence.lang not in ("quiz", "check") and fence.lang not in OWN_LANGUAGES | languages():
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


def _unknown_options(fence: Fence) -> str | None:
    """What follows the language that Python-Markdown would not read as options, if any.

    A fence with an option it does not know is not a code block to it: the block becomes one
    line of inline code, without a word. ``{.python title="x"}`` attribute fences are left alone.
    """
    info = fence.info.strip()
    if not info or info.startswith("{") or fence.lang in ("quiz", "check"):
        return None
    if not fence.lang and "=" in info.split(None, 1)[0]:
        rest = info  # options without a language (```` ``` title="x" ````)
    else:
        rest = info.split(None, 1)[1] if len(info.split(None, 1)) > 1 else ""
    if rest.startswith("{"):
        return None
    position, unknown = 0, []
    while position < len(rest):
        match = OPTION.match(rest, position)
        if match is None or match.end() == position:
            unknown.append(rest[position:].strip())
            break
        if match["key"] and match["key"] not in FENCE_OPTIONS:
            unknown.append(match.group().strip())
        position = match.end()
        if not rest[position:].strip():
            break
    return " ".join(unknown) or None


@cache
def languages() -> frozenset[str]:
    """Every name Pygments knows a language by."""
    from pygments.lexers import get_all_lexers

    return frozenset(
        alias.lower() for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases
    )
