"""Markup that Python-Markdown would print literally, so the learner sees the author's syntax.

Each rule matches a way of writing that works in another Markdown or only in one position
(an attribute list under its paragraph), and says how to write it here.
Pure functions over the body's lines outside code; no I/O.
"""

from __future__ import annotations

import re

from .scan import Finding

BACKTICKS = re.compile(r"`+")
ATTR_LIST = re.compile(r"^\s*\{:?\s*[.#:][^}]*\}\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|")
# (each pipe takes the spaces after it: "\s*\|?\s*" took time in the square of a run of spaces)
TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-+:?\s*(?:\|\s*:?-+:?\s*)*(?:\|\s*)?$")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# (indented too: a note or reference written inside a block is defined all the same)
FOOTNOTE_DEF = re.compile(r"^\s*\[\^([^\]\s]+)\]:")
REFERENCE_LINK = re.compile(r"(?<![\w\]\\!])\[([^\[\]]+)\]\[([^\[\]]*)\]")
REFERENCE_DEF = re.compile(r"^\s*\[([^\]]+)\]:\s*\S")


def _without_code(line: str) -> str:
    """The line with inline code spans blanked out (their markup is shown on purpose).

    A span runs from a run of backticks to the next run of as many, as CommonMark reads
    them; found by one pass over the runs, where a regular expression (``(`+)...\\1``) took
    time in the cube of a run of backticks (30 s for 1,000 of them).
    """
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in BACKTICKS.finditer(line)]
    of_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        of_length.setdefault(end - start, []).append(number)
    seen = dict.fromkeys(of_length, 0)  # per length: how many runs are behind us
    pieces: list[str] = []
    done = number = 0
    while number < len(runs):
        start, end = runs[number]
        same = of_length[end - start]
        while seen[end - start] < len(same) and same[seen[end - start]] <= number:
            seen[end - start] += 1
        if seen[end - start] == len(same):  # never closed: the backticks are text
            number += 1
            continue
        closing = same[seen[end - start]]
        pieces += [line[done:start], " " * (runs[closing][1] - start)]
        done = runs[closing][1]
        number = closing + 1
    return "".join([*pieces, line[done:]])


def check_literal(lines: list[str], code: set[int]) -> list[Finding]:
    """Markup in ``lines`` (outside the code lines ``code``) that would show as typed."""
    found: list[Finding] = []
    text = {index: _without_code(line) for index, line in enumerate(lines) if index not in code}
    visible = _without_comments(text)  # a link inside an HTML comment is never shown
    # (each pattern is tried only on lines with the character it needs: most lines have none)
    bracketed = [line for line in text.values() if "]:" in line]
    footnotes = {match[1] for line in bracketed if (match := FOOTNOTE_DEF.match(line))}
    references = {
        match[1].strip().lower() for line in bracketed if (match := REFERENCE_DEF.match(line))
    }
    for index, line in text.items():
        previous = lines[index - 1] if index else ""
        column = len(line) - len(line.lstrip()) + 1
        if "{" in line and ATTR_LIST.match(line) and not previous.strip():
            found.append(
                Finding(
                    index,
                    f"the attribute list '{line.strip()}' stands alone after a blank line, so it "
                    "shows as text; put it on the line right under its paragraph, or at the end "
                    "of its heading",
                    column,
                )
            )
        elif "|" in line and TABLE_ROW.match(line) and not previous.strip():
            following = text.get(index + 1, "")
            if TABLE_ROW.match(following) and not TABLE_RULE.match(following):
                found.append(
                    Finding(
                        index,
                        "this table has no line of dashes under its first row "
                        "('| --- | --- |'), so it shows as text with its pipes",
                        column,
                    )
                )
        if "[" not in visible[index]:
            continue
        for match in FOOTNOTE_REF.finditer(visible[index]):
            if match[1] not in footnotes and not FOOTNOTE_DEF.match(line):
                found.append(
                    Finding(
                        index,
                        f"the footnote '[^{match[1]}]' has no note, so it shows as typed; add a "
                        f"line '[^{match[1]}]: the note' at the end of the lesson",
                        match.start() + 1,
                    )
                )
        for match in REFERENCE_LINK.finditer(visible[index]):
            label = (match[2] or match[1]).strip().lower()
            if label and label not in references and not label.startswith("^"):
                written = lines[index][match.start() : match.end()]  # with its code spans
                found.append(
                    Finding(
                        index,
                        f"the link '{written}' refers to '[{match[2] or match[1]}]', which is "
                        "not defined, so it shows as typed; add a line "
                        f"'[{match[2] or match[1]}]: https://...' or write [text](address)",
                        match.start() + 1,
                    )
                )
    found.extend(_unclosed_comments(text))
    return found


def _without_comments(text: dict[int, str]) -> dict[int, str]:
    """The lines with HTML comments blanked out (same length), comments over lines too."""
    out: dict[int, str] = {}
    inside = False
    for index, line in text.items():
        if not inside and "<!--" not in line:
            out[index] = line
            continue
        chars = list(line)
        position = 0
        while position < len(line):
            if not inside:
                start = line.find("<!--", position)
                if start < 0:
                    break
                inside, begin, position = True, start, start + 4
            else:
                begin = position
            if inside:
                end = line.find("-->", position)
                stop = len(line) if end < 0 else end + 3
                chars[begin:stop] = " " * (stop - begin)
                position = stop
                inside = end < 0
        out[index] = "".join(chars)
    return out


def _unclosed_comments(text: dict[int, str]) -> list[Finding]:
    """An HTML comment that is never closed shows '<!--' and the text after it."""
    found = []
    open_at: tuple[int, int] | None = None
    for index, line in text.items():
        if open_at is None and "<!--" not in line:
            continue
        position = 0
        while True:
            if open_at is None:
                start = line.find("<!--", position)
                if start < 0:
                    break
                open_at, position = (index, start), start + 4
            else:
                end = line.find("-->", position)
                if end < 0:
                    break
                open_at, position = None, end + 3
    if open_at is not None:
        index, start = open_at
        found.append(
            Finding(
                index,
                "this HTML comment is never closed, so '<!--' and the text after it show on the "
                "page; end it with '-->'",
                start + 1,
            )
        )
    return found
