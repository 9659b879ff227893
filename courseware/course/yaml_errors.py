"""PyYAML's errors in plain words, at the line and column where the author must act.

PyYAML describes what its scanner met ("found character that cannot start any token") and
often where it noticed, which may be lines after the mistake (an unclosed quote is noticed at
the end of the file). Authors need the mistake's own line and what to type instead.
Pure functions; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

#: Characters that YAML reads as markup at the start of a value (or cannot read at all).
INDICATORS = {
    "`": "a backtick",
    "@": "'@'",
    "%": "'%'",
    "*": "'*'",
    "&": "'&'",
    "!": "'!'",
    "|": "'|'",
    ">": "'>'",
}
#: (the value's trailing spaces are stripped in code: ``(?P<value>.*?)\s*$`` took time in the
#: square of a run of spaces inside the line, 30 s for one of 60,000 characters)
KEY_PREFIX = re.compile(r"^(?P<prefix>\s*(?:-\s+)?(?:[^\s:#\"'][^:#]*?:\s+)?)(?P<value>.*)$")


@dataclass(frozen=True)
class YamlProblem:
    """What is wrong, on which line of the YAML text (0-based) and column (1-based; 0 unknown)."""

    line: int
    column: int
    message: str


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _line_text(text: str, line: int) -> str:
    lines = _lines(text)
    return lines[line] if 0 <= line < len(lines) else ""


def quoted(line_text: str) -> str:
    """``title: `x` y`` → ``title: "`x` y"``: the line with its value in double quotes."""
    match = KEY_PREFIX.match(line_text)
    prefix, value = (match["prefix"], match["value"].rstrip()) if match else ("", line_text.strip())
    if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1:
        value = value[1:-1]
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{prefix.strip() and prefix}"{escaped}"'.strip()


def _needs_quotes(char: str, line_text: str) -> str:
    what = INDICATORS.get(char, f"'{char}'")
    return f"{what} cannot start a YAML value; put the text in double quotes: {quoted(line_text)}"


def _where(line: int, first_line: int | None) -> str:
    return f"line {first_line + line}" if first_line is not None else "this line"


def _mark(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line, mark.column + 1) if mark is not None else (0, 0)


def describe(exc: yaml.MarkedYAMLError, text: str, first_line: int | None = None) -> YamlProblem:
    """The problem behind ``exc`` in plain words.

    ``first_line`` is the file line on which ``text`` starts; messages that name another line
    need it (without it they say "this line", which is where the diagnostic points).
    """
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    line, column = _mark(exc.problem_mark)
    start_line, start_column = _mark(exc.context_mark)
    index = exc.problem_mark.index if exc.problem_mark is not None else -1
    char = text[index] if 0 <= index < len(text) else ""
    line_text = _line_text(text, line)

    if char == "\t" or "tab character" in problem:
        tab = line_text.find("\t")
        column = tab + 1 if tab >= 0 else column
        if not line_text[: max(tab, 0)].strip():
            message = f"{_where(line, first_line)} uses a tab for indentation; YAML needs spaces"
        else:
            message = f"{_where(line, first_line)} has a tab where YAML expects spaces; use spaces"
        return YamlProblem(line, column, message)
    if "cannot start any token" in problem and char:
        return YamlProblem(line, column, _needs_quotes(char, line_text))
    if context in ("while scanning an alias", "while scanning an anchor") or (
        "undefined alias" in problem or "constructor for the tag" in problem
    ):
        at_line, at_column = (start_line, start_column) if exc.context_mark else (line, column)
        mark_char = text[exc.context_mark.index] if exc.context_mark else char
        if "constructor for the tag" in problem or "undefined alias" in problem:
            at_line, at_column = line, column
            mark_char = char
        return YamlProblem(at_line, at_column, _needs_quotes(mark_char, _line_text(text, at_line)))
    if context == "while scanning a block scalar" and exc.context_mark is not None:
        opener = text[exc.context_mark.index]
        return YamlProblem(
            start_line,
            start_column,
            f"'{opener}' starts a block of text on the lines below it; to begin a text with "
            f"'{opener}', put it in double quotes: {quoted(_line_text(text, start_line))}",
        )
    if "quoted scalar" in context:
        if "end of stream" in problem:
            quote = text[exc.context_mark.index] if exc.context_mark else '"'
            return YamlProblem(
                start_line,
                start_column,
                f"the quote opened on {_where(start_line, first_line)} is never closed; "
                f"end the text with {quote}",
            )
        if "escape character" in problem or "hexdecimal" in problem:
            return YamlProblem(
                line,
                column,
                "a backslash in double quotes starts an escape such as \\n; write \\\\ for a "
                "backslash, or put the text in single quotes",
            )
    if context in ("while parsing a flow sequence", "while parsing a flow mapping") and (
        line > start_line or index >= len(text.rstrip())
    ):
        opened, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return YamlProblem(
            start_line,
            start_column,
            f"the '{opened}' opened on {_where(start_line, first_line)} is never closed; add "
            f"'{closing}', or put the text in double quotes if it is not a "
            f"{'list' if opened == '[' else 'mapping'}",
        )
    if "mapping values are not allowed" in problem:
        before = line_text[: column - 1]
        if ": " in before or before.rstrip().endswith(":"):
            return YamlProblem(
                line,
                column,
                f"': ' inside a value starts a new key; put the text in double quotes: "
                f"{quoted(line_text)}",
            )
        return YamlProblem(
            line,
            len(line_text) - len(line_text.lstrip()) + 1,
            f"{_where(line, first_line)} is indented more than the key above it; "
            "start it where the other keys start",
        )
    if context == "while scanning a simple key":
        return YamlProblem(
            start_line,
            start_column,
            f"{_where(start_line, first_line)} is not a 'key: value' line; add ': ' after the "
            "key, or indent the line to continue the text above",
        )
    if "expected key" in problem or "expected <block end>" in problem:
        before = line_text[: column - 1].rstrip()
        if before.endswith(("'", '"')):
            quote = before[-1]
            return YamlProblem(
                line,
                column,
                f"the text goes on after its closing {quote}; put the whole text in quotes, and "
                "write a quote inside it with the other kind of quote "
                "(\"it's\") or, in single quotes, as two ('it''s')",
            )
        if before.endswith(("]", "}")):
            match = KEY_PREFIX.match(line_text)
            value = match["value"].rstrip() if match else ""
            opener = value[:1] if value else before[-1]
            what = "a list" if opener == "[" else "a mapping"
            return YamlProblem(
                line,
                column,
                f"a value that starts with '{opener}' is read as {what}; put the text in double "
                f"quotes: {quoted(line_text)}",
            )
        if line_text.lstrip().startswith("- "):
            return YamlProblem(
                line,
                len(line_text) - len(line_text.lstrip()) + 1,
                f"{_where(line, first_line)} is a list item where a 'key: value' line was "
                "expected; put it under a key (such as 'objectives:') and indent it",
            )
    return _fallback(exc, text)


def _fallback(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """PyYAML's own words, at the line of the thing left open when it was noticed at the end."""
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    column = mark.column + 1 if mark else 0
    context = exc.context_mark
    at_end = mark is not None and mark.index >= len(text.rstrip())
    if context is not None and (at_end or mark is None) and context.line != line:
        line, column = context.line, context.column + 1
        if exc.context:
            problem = f"{problem} ({exc.context} that starts here)"
    elif at_end:
        line = min(line, text.rstrip().count("\n"))  # the last line with text, not past it
        column = 0
    return YamlProblem(line, column, str(problem))
