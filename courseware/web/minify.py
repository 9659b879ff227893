"""Whitespace-only minifying of our own CSS and JavaScript: smaller pages, same code.

Deliberately conservative: it removes comments that fill whole lines, indentation and blank
lines, and (in CSS) spaces next to punctuation and after the colons of declarations, leading
zeros and doubled hex digits. In JavaScript it removes spaces inside lines only where no token
needs them, leaving strings and regular expressions as they are, and keeps line breaks.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_SPACE = re.compile(r"\s+")
CSS_PUNCTUATION = re.compile(r"\s*([{};,>])\s*")
JS_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)


CSS_LEADING_ZERO = re.compile(r"(?<=[\s:,(])0\.(?=\d)")
CSS_LONG_HEX = re.compile(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3(?![0-9a-fA-F])")


def css(text: str) -> str:
    text = CSS_COMMENT.sub("", text)
    text = CSS_LEADING_ZERO.sub(".", text)  # 0.5rem → .5rem
    text = CSS_LONG_HEX.sub(r"#\1\2\3", text)  # #ffffff → #fff
    text = CSS_SPACE.sub(" ", text)
    text = CSS_PUNCTUATION.sub(r"\1", text)
    # A selector never has a colon followed by a space, so this only touches declarations.
    text = text.replace(": ", ":")
    return text.replace(";}", "}").strip() + "\n"


#: Strings, regular expressions and everything else, so spaces are only removed from code.
JS_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"""
    r"|(?P<space>[ \t]+)"
    r"|(?P<other>.)",
    re.S,
)
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
JS_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\]|\\.)*\])+/[a-z]*")
#: Pairs of characters that a removed space would fuse into another operator.
FUSING = ("++", "--", "+-", "-+")
WORD = re.compile(r"[\w$]")


def _js_line(line: str) -> str:
    """Remove the spaces of one line of code that nothing needs, leaving strings and regular
    expressions as they are. Line breaks are kept, so automatic semicolons stay where they were."""
    out: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        starts_regex = (
            not out or out[-1][-1:] in REGEX_AFTER or "".join(out[-6:]).endswith("return")
        )
        if char == "/" and starts_regex:
            match = JS_REGEX.match(line, index)
            if match and not line.startswith("//", index):
                out.append(match.group())
                index = match.end()
                continue
        match = JS_TOKEN.match(line, index)
        assert match is not None
        if match["space"] is not None:
            before = out[-1][-1:] if out else ""
            after = line[match.end() : match.end() + 1]
            keep = (WORD.match(before) and WORD.match(after)) or before + after in FUSING
            if keep:
                out.append(" ")
        else:
            out.append(match.group())
        index = match.end()
    return "".join(out)


def js(text: str) -> str:
    text = JS_LINE_COMMENT.sub("", text)
    lines = (_js_line(line.strip()) for line in text.split("\n"))
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
