"""What lessons written for other tools say in their own way, read as they mean it.

A Carpentries episode gives its times as ``teaching:`` and ``exercises:``; an MkDocs page has
no front matter and takes its title from its first ``# heading``. Both are read natively, so
the same files keep working upstream.
"""

from __future__ import annotations

from dataclasses import replace

from .frontmatter import YamlDocument
from .rendering.title import ATTR_LIST, ATX_H1, comparable

#: Carpentries key → ours; ours wins when a lesson has both.
KEY_ALIASES = {"teaching": "minutes", "exercises": "exercises_minutes"}


def upstream_meta(meta: YamlDocument, body: str, body_line: int) -> YamlDocument:
    """``meta`` with the Carpentries keys under our names and, when it has no title, the
    body's first ``# heading`` as its title (the renderer then leaves that heading out)."""
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
    if data == meta.data:
        return meta
    return replace(meta, data=data, key_lines=lines)


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
