"""A lesson body that starts by repeating its title as a ``#`` heading (as files written for
other tools do) shows the title once: the page's own heading comes from the front matter."""

from __future__ import annotations

import re

ATX_H1 = re.compile(r" {0,3}#(?:[ \t]+(?P<text>.*))?$")
SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*$")
ATTR_LIST = re.compile(r"\{:?[^{}]*\}\s*$")  # no leading \s*: square time on spaces
NOT_WORDS = re.compile(r"[\W_]+")


def heading_text(text: str) -> str:
    """An ATX heading's text (what follows ``## ``) without its closing ``#`` sequence and
    the spaces around it.

    String operations rather than ``(.*?)(?:[ \t]+#+)?[ \t]*$``, whose time grows with the
    square of a run of spaces inside the heading (2 s for one line of 10,000 characters).
    """
    text = text.rstrip(" \t")
    opened = text.rstrip("#")
    if opened != text and opened[-1:] in (" ", "\t"):
        return opened.rstrip(" \t")
    return text


def comparable(text: str) -> str:
    """A heading's words without case, punctuation, markup or an attribute list."""
    return NOT_WORDS.sub("", ATTR_LIST.sub("", text).casefold())


def drop_repeated_title(body: str, title: str) -> str:
    """``body`` without a first heading that says ``title`` again (ignoring case and
    punctuation); its lines become blank, so every later line keeps its number."""
    wanted = comparable(title)
    if not wanted:
        return body
    lines = body.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return body
    atx = ATX_H1.match(lines[first])
    if atx and comparable(heading_text(atx["text"] or "")) == wanted:
        lines[first] = ""
        return "\n".join(lines)
    following = first + 1
    if (
        following < len(lines)
        and SETEXT_H1.match(lines[following])
        and not lines[first].startswith((" " * 4, "\t"))
        and comparable(lines[first]) == wanted
    ):
        lines[first] = lines[following] = ""
        return "\n".join(lines)
    return body
