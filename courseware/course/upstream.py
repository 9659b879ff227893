"""What lessons written for other tools say in their own way, read as they mean it.

A Carpentries episode gives its times as ``teaching:`` and ``exercises:`` and its objectives
and key points as ``::: objectives`` and ``::: keypoints`` lists in its text; an MkDocs page has
no front matter and takes its title from its first ``# heading``. All are read natively, so
the same files keep working upstream.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .frontmatter import YamlDocument
from .rendering.divs import CLOSE, OPEN, div_kind
from .rendering.scan import code_lines
from .rendering.title import ATTR_LIST, ATX_H1, comparable

#: Carpentries key → ours; ours wins when a lesson has both.
KEY_ALIASES = {"teaching": "minutes", "exercises": "exercises_minutes"}
#: Divs whose list becomes the front matter's list of the same name, when it has none.
LIST_DIVS = ("objectives", "keypoints")
ITEM = re.compile(r"^ {0,3}[-*+][ \t]+(?P<text>\S.*)$")
GOES_ON = re.compile(r"^[ \t]+\S")


def upstream_meta(meta: YamlDocument, body: str, body_line: int) -> tuple[YamlDocument, str]:
    """``meta`` with the Carpentries keys under our names and, when it has no title, the
    body's first ``# heading`` as its title (the renderer then leaves that heading out).

    A ``::: objectives`` or ``::: keypoints`` div that holds only a list, in a lesson whose
    front matter has no such list, becomes that list: the page shows it where it shows the
    front matter's (objectives first, key points last) and the course's summary pages list
    it. The div's lines become blank, so the lines after it keep their numbers.
    """
    data = dict(meta.data)
    lines = dict(meta.key_lines)
    for theirs, ours in KEY_ALIASES.items():
        if theirs in data and ours not in data and isinstance(data[theirs], int):
            data[ours] = data.pop(theirs)
            if theirs in lines:
                lines[ours] = lines.pop(theirs)
    if "title" not in data:
        index, heading = _first_heading(body)
        if heading:
            data["title"] = heading
            lines["title"] = body_line + index
    if ":::" in body and any(key not in data for key in LIST_DIVS):
        body_lines = body.split("\n")
        for key, (start, end, items) in _list_divs(body_lines).items():
            if key not in data:
                data[key] = items
                lines[key] = body_line + start
                body_lines[start : end + 1] = [""] * (end + 1 - start)
        body = "\n".join(body_lines)
    if data == meta.data:
        return meta, body
    return replace(meta, data=data, key_lines=lines), body


def _list_divs(lines: list[str]) -> dict[str, tuple[int, int, list[str]]]:
    """The first objectives and key points divs that hold only a list: where each starts and
    ends, and its items."""
    found: dict[str, tuple[int, int, list[str]]] = {}
    code = code_lines(lines)  # a div shown in a code example is not the lesson's
    index = 0
    while index < len(lines):
        opening = OPEN.match(lines[index]) if index not in code else None
        kind = div_kind(opening["attrs"]) if opening else ""
        if kind not in LIST_DIVS or kind in found:
            index += 1
            continue
        items: list[str] = []
        end = index + 1
        while end < len(lines) and not CLOSE.match(lines[end]):
            line = lines[end]
            item = ITEM.match(line)
            if item:
                items.append(item["text"].strip())
            elif items and GOES_ON.match(line):
                items[-1] += " " + line.strip()
            elif line.strip():
                break  # more than a list: the div stays a box
            end += 1
        if end < len(lines) and CLOSE.match(lines[end]) and items:
            found[kind] = (index, end, items)
        index = end + 1
    return found


def _first_heading(body: str) -> tuple[int, str]:
    """The first non-blank line of ``body`` (its index) if it is a ``# heading``."""
    for index, line in enumerate(body.split("\n")):
        if not line.strip():
            continue
        match = ATX_H1.match(line)
        text = (match["text"] or "").strip() if match else ""
        if match and comparable(text):
            return index, ATTR_LIST.sub("", text).strip()
        return index, ""
    return 0, ""
