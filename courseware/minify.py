"""Whitespace-only minifying of our own CSS and JavaScript: smaller pages, same code.

Deliberately conservative: it removes comments that fill whole lines, indentation and blank
lines, and (in CSS) spaces next to punctuation and after the colons of declarations. It never
rewrites tokens, so it cannot change what the code does.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_SPACE = re.compile(r"\s+")
CSS_PUNCTUATION = re.compile(r"\s*([{};,>])\s*")
JS_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)


def css(text: str) -> str:
    text = CSS_COMMENT.sub("", text)
    text = CSS_SPACE.sub(" ", text)
    text = CSS_PUNCTUATION.sub(r"\1", text)
    # A selector never has a colon followed by a space, so this only touches declarations.
    text = text.replace(": ", ":")
    return text.replace(";}", "}").strip() + "\n"


def js(text: str) -> str:
    text = JS_LINE_COMMENT.sub("", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t]+(?=<)")


def html(text: str) -> str:
    """Drop the indentation before tags that templates add, except inside ``<pre>``."""
    pieces = KEEP.split(text)
    # split() returns: text, whole kept element, its tag name, text, ...
    out = []
    for index, piece in enumerate(pieces):
        kind = index % 3
        if kind == 0:
            out.append(INDENT.sub("\n", piece))
        elif kind == 1:
            out.append(piece)
    return "".join(out)


def minify(name: str, text: str) -> str:
    if name.endswith(".css"):
        return css(text)
    if name.endswith(".js"):
        return js(text)
    return text
